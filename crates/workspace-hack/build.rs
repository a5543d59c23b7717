//! Empty: without a build script cargo would ignore the build-dependencies
//! whose features this crate unifies.
fn main() {}
