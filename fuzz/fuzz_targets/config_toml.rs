//! A user's keymap.toml or theme TOML file (`props::config_toml`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kdeck::testkit::props::config_toml(&String::from_utf8_lossy(data)));
