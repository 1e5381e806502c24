//! The simulated clusters, checked from outside: real kubectl against
//! `kdeck sim` (conformance), fault injection through the control API, and
//! the `kdeck sim` binary itself.

mod common;
mod faults;
mod kubectl;
mod process;
#[path = "../support/sim.rs"]
mod support;
