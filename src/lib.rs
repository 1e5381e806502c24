//! kdeck: a terminal operations console for several Kubernetes clusters at
//! once, and the simulated clusters it is developed and demonstrated on.

pub mod app;
pub mod cli;
pub mod config;
pub mod console;
pub mod kube;
pub mod log_save;
pub mod logging;
pub mod shell_session;
pub mod terminal;
pub mod ui;
