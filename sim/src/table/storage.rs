//! `printPersistentVolumeClaim`.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::{UNSET, creation_age, label_text, quantity_text};
use super::json_access::{arr_at, at, is_deleting, map_at, name_of, opt_str_at, str_at};

pub(super) fn access_modes(modes: &[Value]) -> String {
    let has = |m: &str| modes.iter().any(|x| x.as_str() == Some(m));
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(mode, _)| has(mode))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

pub(super) fn pvc_cells(pvc: &Value, now: DateTime<Utc>) -> Vec<Value> {
    let phase = if is_deleting(pvc) {
        "Terminating"
    } else {
        str_at(pvc, &["status", "phase"])
    };
    let volume = str_at(pvc, &["spec", "volumeName"]);
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            quantity_text(at(pvc, &["status", "capacity", "storage"])),
            access_modes(arr_at(pvc, &["status", "accessModes"])),
        )
    };
    let class = match map_at(pvc, &["metadata", "annotations"])
        .and_then(|a| a.get("volume.beta.kubernetes.io/storage-class"))
    {
        Some(v) => label_text(v),
        None => str_at(pvc, &["spec", "storageClassName"]).to_string(),
    };
    let vac = opt_str_at(pvc, &["spec", "volumeAttributesClassName"]).unwrap_or(UNSET);
    // The API server defaults spec.volumeMode to Filesystem.
    let volume_mode = opt_str_at(pvc, &["spec", "volumeMode"]).unwrap_or("Filesystem");
    vec![
        json!(name_of(pvc)),
        json!(phase),
        json!(volume),
        json!(capacity),
        json!(modes),
        json!(class),
        json!(vac),
        json!(creation_age(pvc, now)),
        json!(volume_mode),
    ]
}
