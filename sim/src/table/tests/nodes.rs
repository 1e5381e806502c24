use super::*;

#[test]
fn node_status_and_roles() {
    let n = json!({
        "metadata": {
            "name": "cp-1",
            "creationTimestamp": "2026-11-20T00:48:00Z",
            "labels": {
                "node-role.kubernetes.io/control-plane": "",
                "node-role.kubernetes.io/master": "",
                "node-role.kubernetes.io/": "",
                "kubernetes.io/role": "infra",
                "kubernetes.io/hostname": "cp-1"
            }
        },
        "spec": {"unschedulable": true},
        "status": {
            "conditions": [
                {"type": "MemoryPressure", "status": "False"},
                {"type": "Ready", "status": "True"}
            ],
            "addresses": [
                {"type": "Hostname", "address": "cp-1"},
                {"type": "InternalIP", "address": "192.168.1.10"}
            ],
            "nodeInfo": {
                "kubeletVersion": "v1.36.2",
                "osImage": "Debian GNU/Linux 13",
                "kernelVersion": "6.12.0",
                "containerRuntimeVersion": "containerd://2.1.0"
            }
        }
    });
    let c = cells("", "nodes", &n);
    assert_eq!(
        c,
        vec![
            json!("cp-1"),
            json!("Ready,SchedulingDisabled"),
            json!("control-plane,infra,master"),
            json!("2d"),
            json!("v1.36.2"),
            json!("192.168.1.10"),
            json!("<none>"),
            json!("Debian GNU/Linux 13"),
            json!("6.12.0"),
            json!("containerd://2.1.0"),
        ]
    );

    let not_ready = json!({"metadata": {"name": "w"}, "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}});
    let c = cells("", "nodes", &not_ready);
    assert_eq!(c[1], "NotReady");
    assert_eq!(c[2], "<none>");
    assert_eq!(c[3], "<unknown>");
    assert_eq!(c[4], "");
    assert_eq!(c[7], "<unknown>");

    let bare = json!({"metadata": {"name": "w"}});
    assert_eq!(cells("", "nodes", &bare)[1], "Unknown");
    let names: Vec<String> = column_names("", "nodes")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "Name",
            "Status",
            "Roles",
            "Age",
            "Version",
            "Internal-IP",
            "External-IP",
            "OS-Image",
            "Kernel-Version",
            "Container-Runtime"
        ]
    );
}
