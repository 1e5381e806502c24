//! Lean decoding of the kinds that come by the tens of thousands (pods).
//!
//! A typed `Pod` decodes every field of the object: volumes, env, probes,
//! security contexts, `managedFields` (kilobytes per pod on a real API
//! server)... all allocated, projected into a row and dropped. At 20,000 pods
//! that garbage costs CPU and leaves the heap fragmented long after the list
//! is in. [`LeanPod`] decodes only the fields the row projection reads
//! (everything else is skipped by the JSON parser without allocating) into a
//! `Pod` that holds just those, so `rows::pod_row` stays the one projection.
//!
//! The wire structs below must cover every field `pod_row` reads: the test
//! `lean_and_full_decoding_project_the_same_rows` projects the same objects
//! decoded both ways and fails on the first difference.

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use kube::Resource;
use serde::{Deserialize, Deserializer};

/// A pod holding only what its row needs (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct LeanPod(pub core::Pod);

impl Resource for LeanPod {
    type DynamicType = ();
    type Scope = NamespaceResourceScope;

    fn kind(dt: &()) -> Cow<'_, str> {
        <core::Pod as Resource>::kind(dt)
    }
    fn group(dt: &()) -> Cow<'_, str> {
        <core::Pod as Resource>::group(dt)
    }
    fn version(dt: &()) -> Cow<'_, str> {
        <core::Pod as Resource>::version(dt)
    }
    fn api_version(dt: &()) -> Cow<'_, str> {
        <core::Pod as Resource>::api_version(dt)
    }
    fn plural(dt: &()) -> Cow<'_, str> {
        <core::Pod as Resource>::plural(dt)
    }
    fn meta(&self) -> &ObjectMeta {
        &self.0.metadata
    }
    fn meta_mut(&mut self) -> &mut ObjectMeta {
        &mut self.0.metadata
    }
}

impl<'de> Deserialize<'de> for LeanPod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = PodWire::deserialize(d)?;
        Ok(LeanPod(core::Pod {
            metadata: w.metadata.unwrap_or_default().into(),
            spec: w.spec.map(Into::into),
            status: w.status.map(Into::into),
        }))
    }
}

// The wire: every field optional (a null or a missing field is the same
// thing to the projection), unknown fields skipped.

#[derive(Deserialize)]
struct PodWire {
    metadata: Option<MetaWire>,
    spec: Option<SpecWire>,
    status: Option<StatusWire>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct MetaWire {
    name: Option<String>,
    namespace: Option<String>,
    uid: Option<String>,
    resource_version: Option<String>,
    creation_timestamp: Option<Time>,
    deletion_timestamp: Option<Time>,
    labels: Option<BTreeMap<String, String>>,
    owner_references: Option<Vec<OwnerWire>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OwnerWire {
    api_version: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    uid: Option<String>,
    controller: Option<bool>,
}

impl From<MetaWire> for ObjectMeta {
    fn from(m: MetaWire) -> Self {
        ObjectMeta {
            name: m.name,
            namespace: m.namespace,
            uid: m.uid,
            resource_version: m.resource_version,
            creation_timestamp: m.creation_timestamp,
            deletion_timestamp: m.deletion_timestamp,
            labels: m.labels,
            owner_references: m.owner_references.map(|refs| {
                refs.into_iter()
                    .map(|r| OwnerReference {
                        api_version: r.api_version.unwrap_or_default(),
                        kind: r.kind.unwrap_or_default(),
                        name: r.name.unwrap_or_default(),
                        uid: r.uid.unwrap_or_default(),
                        controller: r.controller,
                        block_owner_deletion: None,
                    })
                    .collect()
            }),
            ..ObjectMeta::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpecWire {
    node_name: Option<String>,
    containers: Option<Vec<ContainerWire>>,
    init_containers: Option<Vec<ContainerWire>>,
    volumes: Option<Vec<VolumeWire>>,
}

/// A volume: only whether it mounts a claim (its name, for an ephemeral
/// one's claim).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VolumeWire {
    name: Option<String>,
    persistent_volume_claim: Option<ClaimWire>,
    ephemeral: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClaimWire {
    claim_name: Option<String>,
}

impl From<VolumeWire> for core::Volume {
    fn from(v: VolumeWire) -> Self {
        core::Volume {
            name: v.name.unwrap_or_default(),
            persistent_volume_claim: v.persistent_volume_claim.map(|c| {
                core::PersistentVolumeClaimVolumeSource {
                    claim_name: c.claim_name.unwrap_or_default(),
                    read_only: None,
                }
            }),
            ephemeral: v.ephemeral.map(|_| core::EphemeralVolumeSource::default()),
            ..Default::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContainerWire {
    name: Option<String>,
    restart_policy: Option<String>,
    resources: Option<ResourcesWire>,
}

#[derive(Deserialize)]
struct ResourcesWire {
    requests: Option<BTreeMap<String, Quantity>>,
    limits: Option<BTreeMap<String, Quantity>>,
}

impl From<ContainerWire> for core::Container {
    fn from(c: ContainerWire) -> Self {
        core::Container {
            name: c.name.unwrap_or_default(),
            restart_policy: c.restart_policy,
            resources: c.resources.map(|r| core::ResourceRequirements {
                requests: r.requests,
                limits: r.limits,
                ..Default::default()
            }),
            ..Default::default()
        }
    }
}

impl From<SpecWire> for core::PodSpec {
    fn from(s: SpecWire) -> Self {
        core::PodSpec {
            node_name: s.node_name,
            containers: containers(s.containers).unwrap_or_default(),
            init_containers: containers(s.init_containers),
            volumes: s.volumes.map(|v| v.into_iter().map(Into::into).collect()),
            ..Default::default()
        }
    }
}

fn containers(c: Option<Vec<ContainerWire>>) -> Option<Vec<core::Container>> {
    c.map(|c| c.into_iter().map(Into::into).collect())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusWire {
    phase: Option<String>,
    reason: Option<String>,
    #[serde(rename = "podIP")]
    pod_ip: Option<String>,
    #[serde(rename = "podIPs")]
    pod_ips: Option<Vec<PodIpWire>>,
    conditions: Option<Vec<ConditionWire>>,
    container_statuses: Option<Vec<ContainerStatusWire>>,
    init_container_statuses: Option<Vec<ContainerStatusWire>>,
}

#[derive(Deserialize)]
struct PodIpWire {
    ip: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConditionWire {
    #[serde(rename = "type")]
    type_: Option<String>,
    status: Option<String>,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContainerStatusWire {
    name: Option<String>,
    ready: Option<bool>,
    started: Option<bool>,
    restart_count: Option<i32>,
    state: Option<StateWire>,
    last_state: Option<StateWire>,
}

#[derive(Deserialize)]
struct StateWire {
    running: Option<RunningWire>,
    waiting: Option<WaitingWire>,
    terminated: Option<TerminatedWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RunningWire {
    started_at: Option<Time>,
}

#[derive(Deserialize)]
struct WaitingWire {
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TerminatedWire {
    exit_code: Option<i32>,
    signal: Option<i32>,
    reason: Option<String>,
    finished_at: Option<Time>,
}

impl From<StateWire> for core::ContainerState {
    fn from(s: StateWire) -> Self {
        core::ContainerState {
            running: s.running.map(|r| core::ContainerStateRunning {
                started_at: r.started_at,
            }),
            waiting: s.waiting.map(|w| core::ContainerStateWaiting {
                reason: w.reason,
                message: None,
            }),
            terminated: s.terminated.map(|t| core::ContainerStateTerminated {
                exit_code: t.exit_code.unwrap_or_default(),
                signal: t.signal,
                reason: t.reason,
                finished_at: t.finished_at,
                ..Default::default()
            }),
        }
    }
}

impl From<ContainerStatusWire> for core::ContainerStatus {
    fn from(c: ContainerStatusWire) -> Self {
        core::ContainerStatus {
            name: c.name.unwrap_or_default(),
            ready: c.ready.unwrap_or_default(),
            started: c.started,
            restart_count: c.restart_count.unwrap_or_default(),
            state: c.state.map(Into::into),
            last_state: c.last_state.map(Into::into),
            ..Default::default()
        }
    }
}

fn statuses(s: Option<Vec<ContainerStatusWire>>) -> Option<Vec<core::ContainerStatus>> {
    s.map(|s| s.into_iter().map(Into::into).collect())
}

impl From<StatusWire> for core::PodStatus {
    fn from(s: StatusWire) -> Self {
        core::PodStatus {
            phase: s.phase,
            reason: s.reason,
            pod_ip: s.pod_ip,
            pod_ips: s.pod_ips.map(|ips| {
                ips.into_iter()
                    .map(|i| core::PodIP {
                        ip: i.ip.unwrap_or_default(),
                    })
                    .collect()
            }),
            conditions: s.conditions.map(|cs| {
                cs.into_iter()
                    .map(|c| core::PodCondition {
                        type_: c.type_.unwrap_or_default(),
                        status: c.status.unwrap_or_default(),
                        reason: c.reason,
                        ..Default::default()
                    })
                    .collect()
            }),
            container_statuses: statuses(s.container_statuses),
            init_container_statuses: statuses(s.init_container_statuses),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests;
