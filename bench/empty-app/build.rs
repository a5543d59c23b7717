//! Tauri's build step: reads tauri.conf.json.

fn main() {
    tauri_build::build();
}
