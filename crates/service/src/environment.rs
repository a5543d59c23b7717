//! Where things are on this machine: the default database and the zone.

use std::path::PathBuf;

use chrono_tz::Tz;
use deepblock_core::time::parse_zone;

use crate::error::{ErrorCode, Field, ServiceError, ServiceResult};

/// The database used when none is named: `deepblock.db` in the platform's
/// data directory (on Linux `$XDG_DATA_HOME/deepblock`, usually
/// `~/.local/share/deepblock`). The directory is created if missing.
pub fn default_db_path() -> ServiceResult<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "deepblock").ok_or_else(|| {
        ServiceError::new(ErrorCode::Environment, "cannot find a home directory for the default database")
            .about(Field::Database)
    })?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir).map_err(|e| {
        ServiceError::new(ErrorCode::Environment, format!("cannot create {}: {e}", dir.display()))
            .about(Field::Database)
    })?;
    Ok(dir.join("deepblock.db"))
}

/// The zone to plan in: `preferred` if given (from --tz or DEEPBLOCK_TZ),
/// else the `TZ` variable when it names an IANA zone, else the system's
/// zone, else UTC.
pub fn resolve_zone(preferred: Option<&str>) -> ServiceResult<Tz> {
    if let Some(name) = preferred {
        return Ok(parse_zone(name)?);
    }
    let from_env = std::env::var("TZ").ok().and_then(|t| t.trim_start_matches(':').parse::<Tz>().ok());
    let from_system = || iana_time_zone::get_timezone().ok().and_then(|t| t.parse::<Tz>().ok());
    Ok(from_env.or_else(from_system).unwrap_or(chrono_tz::UTC))
}
