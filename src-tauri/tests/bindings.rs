//! The UI's TypeScript bindings are generated from the Rust commands; this
//! fails when the committed file is stale. Regenerate with
//! `DEEPBLOCK_UPDATE_BINDINGS=1 cargo test -p deepblock-desktop --test bindings`.

use std::path::Path;

#[test]
fn the_committed_bindings_match_the_commands() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(deepblock_desktop::BINDINGS_PATH);
    let fresh = tempfile::NamedTempFile::new().unwrap();
    deepblock_desktop::specta_builder().export(deepblock_desktop::bindings_config(), fresh.path()).unwrap();
    let fresh = std::fs::read_to_string(fresh.path()).unwrap();
    if std::env::var_os("DEEPBLOCK_UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &fresh).unwrap();
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == fresh,
        "{} is stale; run DEEPBLOCK_UPDATE_BINDINGS=1 cargo test -p deepblock-desktop --test bindings",
        committed.display()
    );
}
