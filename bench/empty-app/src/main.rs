//! An empty Tauri 2 window with one static page: what the planner is
//! measured against (bench/app.sh).

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the empty app could not start: {error}");
        std::process::exit(1);
    }
}
