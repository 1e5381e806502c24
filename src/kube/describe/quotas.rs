//! Resource quotas: used against hard, per resource.

use serde_json::Value;

use super::{Out, s};

pub(super) fn render(o: &mut Out, obj: &Value) {
    let status = &obj["status"];
    o.line("Resource                Used      Hard");
    o.line("--------                ----      ----");
    for (k, hard) in status["hard"].as_object().into_iter().flatten() {
        o.line(format!("{k:<24}{:<10}{}", s(&status["used"][k]), s(hard)));
    }
}
