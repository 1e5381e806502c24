//! kdeck: a terminal operations console for several Kubernetes clusters at
//! once. The simulated clusters it is developed and demonstrated on are the
//! `kdeck-sim` crate (`sim/`).
//!
//! The layers, and the only directions imports go (docs/architecture.md):
//! `runtime` → `ui` → `app` → `kube`, and every layer → `config`.

pub mod app;
pub mod cli;
pub mod config;
pub mod kube;
pub mod logging;
pub mod runtime;
#[doc(hidden)]
pub mod testkit;
pub mod ui;

#[cfg(test)]
mod layers;
