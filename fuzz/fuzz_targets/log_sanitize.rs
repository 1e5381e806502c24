//! Log bytes from a container: the sanitiser and the stored line hide
//! nothing, style runs stay on character boundaries, JSON lines made
//! readable stay safe (`kdeck::testkit::props::log_bytes`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kdeck::testkit::props::log_bytes(data));
