//! The `/` filter: the first line is what the user typed, the rest the row
//! text (and `k=v` lines its labels) it is matched against (`props::filter`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (input, hay) = text.split_once('\n').unwrap_or((&text, ""));
    kdeck::testkit::props::filter(input, hay);
});
