//! The desktop app's entry point; everything lives in the library so that
//! tests and the bindings generator can reach it.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    deepblock_desktop::rendering::paint_on_the_processor_where_no_gpu();
    deepblock_desktop::run();
}
