//! The simulated clusters, checked from outside: real kubectl against
//! `kdeck sim` (conformance), fault injection through the control API, and
//! the `kdeck sim` binary itself.

mod common;
mod exec;
mod faults;
mod kubectl;
mod process;
#[path = "../console/pty.rs"]
mod pty;
#[path = "../support/sim.rs"]
mod support;
