//! kdeck: a terminal operations console for several Kubernetes clusters at
//! once, and the simulated clusters it is developed and demonstrated on.

pub mod cli;
pub mod logging;
pub mod sim;
