//! The `:` command line: parsing and completion (`props::command`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kdeck::testkit::props::command(&String::from_utf8_lossy(data)));
