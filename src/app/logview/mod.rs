//! The pieces of the log view that need no I/O: the terminal-safety
//! sanitiser and the bounded line buffer. (The view itself arrives with the
//! rest of the logs issue.)

pub mod ring;
pub mod sanitize;
