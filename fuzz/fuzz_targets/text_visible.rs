//! Cluster text through `app::text::{visible, visible_lines}`: no hidden
//! character survives, line breaks are kept (`props::text`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kdeck::testkit::props::text(&String::from_utf8_lossy(data)));
