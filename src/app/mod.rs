//! The app state machine: input and cluster events in, state changes and
//! effects out. No I/O, no async, no terminal.

pub mod columns;
pub mod command;
pub mod filter;
pub mod logview;
pub mod state;
pub mod update;
pub mod view;
