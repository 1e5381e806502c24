//! Any JSON as a cluster object: the first byte picks the kind, the next 8
//! the time "now", the rest is the object. Its row, cells, the table's
//! neutralised cells and the drawn screen hide nothing (`props::row`).
#![no_main]

use libfuzzer_sys::fuzz_target;

use kdeck::testkit::props;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let (now, json) = match rest.split_first_chunk::<8>() {
        Some((now, json)) => (props::time_of(*now), json),
        None => return,
    };
    props::row(props::kind_of(kind), json, now);
});
