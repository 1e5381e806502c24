//! The simulated clusters, checked from outside: real kubectl against
//! `kdeck sim` (conformance) and fault injection through the control API.

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
mod crd_failures;
mod deployments;
mod disruption;
mod exec;
mod faults;
mod generated;
mod hostile;
mod kinds;
mod kubectl;
#[path = "../../../tests/console/pty.rs"]
mod pty;
mod revisions;
mod stories;
