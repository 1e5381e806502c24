//! A kubeconfig file, every context resolved as kdeck opens them
//! (`props::kubeconfig`; the bytes are written to a temporary file).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kdeck::testkit::props::kubeconfig(data));
