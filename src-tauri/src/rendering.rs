//! How WebKitGTK draws the window on a machine without a GPU driver.
//!
//! WebKitGTK paints the page's layers with OpenGL. Without a GPU driver (no
//! DRM render node), Mesa runs OpenGL on the processor, which costs memory
//! and time; WebKit's own processor painter (Skia's) does the same work
//! cheaper. Measured on the 2-core test machine with no GPU
//! (docs/desktop.md): with it, the web process held about 40 MiB less and a
//! week of 200 blocks drew in 138 ms instead of 240. (Turning compositing
//! off saved more memory, but then every WebDriver action waited about a
//! second for a paint.) Machines with a driver keep WebKit's default, and
//! so does a user who chose with either of WebKit's variables.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

/// WebKitGTK's own switch, read once when its first web view starts.
const VARIABLE: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// WebKitGTK's other switch for how it draws: a user who set it chose.
const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Whether `dri` (normally /dev/dri) holds a render node a GPU driver made.
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Where there is no GPU driver and the user did not choose, starts this
/// program again, in the same process, painting on the processor. WebKit
/// reads the switch only from the environment, and changing this process's
/// own environment is unsound once threads run (`unsafe` is not allowed
/// here). Returns when nothing is to change, or when starting again failed
/// (then WebKit's default stays).
pub fn paint_on_the_processor_where_no_gpu() {
    let chosen = [VARIABLE, COMPOSITING].iter().any(|name| std::env::var_os(name).is_some());
    if chosen || has_render_node(Path::new("/dev/dri")) {
        return;
    }
    let Ok(program) = std::env::current_exe() else { return };
    let error = Command::new(program).args(std::env::args_os().skip(1)).env(VARIABLE, "1").exec();
    eprintln!(
        "deepblock: could not start again painting on the processor ({error}); drawing with WebKit's default"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_render_node_counts_as_a_gpu_driver() {
        let dri = tempfile::tempdir().expect("temporary directory");
        assert!(!has_render_node(&dri.path().join("missing")), "no /dev/dri at all");
        std::fs::write(dri.path().join("card0"), "").expect("card0");
        assert!(!has_render_node(dri.path()), "a display card alone renders nothing");
        std::fs::write(dri.path().join("renderD128"), "").expect("renderD128");
        assert!(has_render_node(dri.path()));
    }
}
