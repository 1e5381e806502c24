//! The real `kdeck` binary end to end: in a pseudo-terminal against an
//! in-process `kdeck sim` (keys typed, the screen read as a user would),
//! and `kdeck sim` as a process.

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

mod alerts;
mod crd;
mod crd_failures;
mod drill;
mod e2e;
mod faults;
mod fleet;
mod generic;
mod hostile;
mod log_secrets;
mod logs_exec;
mod metrics;
mod ops;
mod ops_drain;
mod ops_failures;
mod ops_preflight;
mod ops_revisions;
mod panels;
mod pty;
mod pulse;
mod rbac;
mod signals;
mod sim_process;
