//! The real `kdeck` binary in a pseudo-terminal against an in-process
//! `kdeck sim`: keys typed, the screen read as a user would.

#[path = "../support/sim.rs"]
mod support;

mod e2e;
mod logs_exec;
mod pty;
