//! No code: this crate only asks for features of the workspace's
//! dependencies (see its Cargo.toml).
