//! The app state machine: messages in (keys mapped once to intents, cluster
//! and log events, ticks, resizes), state changes and effects out. No I/O,
//! no clock, no terminal.

pub mod access;
pub mod alerts;
pub mod can;
pub mod cap;
pub mod catalog;
pub mod columns;
pub mod command;
pub mod derive;
pub mod filter;
pub mod health;
pub mod layout;
pub mod logview;
pub mod metrics;
pub mod msg;
pub mod ops;
pub mod pulse;
pub mod row_table;
pub mod sorted;
pub mod state;
pub mod text;
pub mod tree;
pub mod update;
pub mod view;
