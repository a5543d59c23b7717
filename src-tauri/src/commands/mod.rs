//! The commands the planner window calls. Each one deserializes its
//! arguments, calls one service function and maps the error; anything
//! more belongs in the service.

pub mod blocks;
pub mod calendars;
pub mod files;
pub mod focus;
pub mod history;
pub mod review;
pub mod settings;
pub mod tasks;
pub mod track;
pub mod window;
