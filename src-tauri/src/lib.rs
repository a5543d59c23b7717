//! Deepblock's desktop shell.
//!
//! This crate holds its place in the workspace so that the layering is fixed
//! from the start: the Tauri app will live here as thin commands over
//! `deepblock-service`, with no business logic of its own.
