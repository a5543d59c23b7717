//! Calendar files on disk: read whole as UTF-8, written whole or not at all.
//! Both front ends open and save .ics files the same way.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{ErrorCode, ServiceError};

/// Reads an .ics file as UTF-8 text, with the path to name it by in errors.
pub fn read_calendar_file(file: &Path) -> Result<(String, String), ServiceError> {
    let label = file.display().to_string();
    let bytes = std::fs::read(file)
        .map_err(|e| ServiceError::bad_input(format!("cannot read {label}: {e}; check the path")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ServiceError::bad_input(format!(
            "{label} is not UTF-8 text (byte {}); iCalendar files are UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok((label, text))
}

/// Writes a sibling temporary file and renames it over `path`, so a reader
/// (or a crash) never sees half a calendar.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ServiceError> {
    let name =
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "calendar.ics".into());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        ServiceError::new(
            ErrorCode::Environment,
            format!("cannot write {}: {e}; check the directory exists and is writable", path.display()),
        )
    })
}

/// Keeps an exported picture (a review chart) where the user keeps
/// pictures, under `Deepblock/`, or in their home directory when the
/// system names no pictures directory; the path it was written to.
pub fn save_export(name: &str, bytes: &[u8]) -> Result<PathBuf, ServiceError> {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .collect();
    if safe.trim_matches(['-', '.']).is_empty() {
        return Err(ServiceError::bad_input("an export needs a file name"));
    }
    let users = directories::UserDirs::new().ok_or_else(|| {
        ServiceError::new(
            ErrorCode::Environment,
            "this system names no home directory to save the picture in",
        )
    })?;
    let dir =
        users.picture_dir().map_or_else(|| users.home_dir().to_owned(), |p| p.to_owned()).join("Deepblock");
    std::fs::create_dir_all(&dir).map_err(|e| {
        ServiceError::new(ErrorCode::Environment, format!("cannot make {}: {e}", dir.display()))
    })?;
    let path = dir.join(safe);
    write_whole(&path, bytes)?;
    Ok(path)
}

/// Where the counter-proposal goes beside a reply: `reply.ics` →
/// `reply-counter.ics`.
pub fn counter_path(reply: &Path) -> PathBuf {
    let stem = reply.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "reply".into());
    reply.with_file_name(format!("{stem}-counter.ics"))
}
