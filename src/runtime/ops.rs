//! Running the operation effects: each in a task of its own (the loop
//! never waits on a cluster), through the gate, reporting back as cluster
//! events. A drain's task is kept so it can be stopped.

use std::sync::Arc;

use futures::future::join_all;
use kube::Client;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use crate::kube::access::{self, AccessKey};
use crate::kube::gate::Gate;
use crate::kube::ops::request::get;
use crate::kube::ops::{Op, Plan, Target, apply, prepare};
use crate::kube::rules::{self, RulesKey};
use crate::kube::{ClusterEvent, HistoryView};

/// What the operation tasks share.
#[derive(Clone)]
pub struct OpsContext {
    pub clients: Vec<Option<Client>>,
    pub gate: Arc<Gate>,
    pub tx: UnboundedSender<ClusterEvent>,
}

impl OpsContext {
    fn client(&self, cluster: usize) -> Option<Client> {
        self.clients.get(cluster).cloned().flatten()
    }

    fn no_client(t: &Target) -> String {
        format!("no connection to {}", t.context)
    }

    /// Ask a cluster whether its user may (an access review).
    pub fn check_access(&self, key: AccessKey) {
        let me = self.clone();
        tokio::spawn(async move {
            let result = match me.client(key.cluster) {
                None => Err("no connection to this cluster".to_string()),
                Some(c) => access::review(&c, &key).await,
            };
            let _ = me.tx.send(ClusterEvent::Access { key, result });
        });
    }

    /// Ask a cluster for its user's rules in a namespace (`:can`).
    pub fn review_rules(&self, key: RulesKey) {
        let me = self.clone();
        tokio::spawn(async move {
            let result = match me.client(key.cluster) {
                None => Err("no connection to this cluster".to_string()),
                Some(c) => rules::review(&c, &key.namespace).await,
            };
            let _ = me.tx.send(ClusterEvent::Rules { key, result });
        });
    }

    /// Actions refused because the user may not: journaled.
    pub fn refused(&self, action: &str, refusals: &[(Target, String)]) {
        for (t, why) in refusals {
            apply::refused(&self.gate, t, action, why);
        }
    }

    /// The replicas of a workload's scale subresource.
    pub fn read_scale(&self, run: u64, target: Target) {
        let me = self.clone();
        tokio::spawn(async move {
            let result = match me.client(target.cluster) {
                None => Err(Self::no_client(&target)),
                Some(c) => get(
                    &c,
                    format!(
                        "{}/scale",
                        target.kind.path(&target.namespace, &target.name)
                    ),
                )
                .await
                .map(|s| s["spec"]["replicas"].as_i64().unwrap_or(0))
                .map_err(|f| f.message),
            };
            let _ = me.tx.send(ClusterEvent::Scale {
                run,
                target,
                result,
            });
        });
    }

    /// A workload's history.
    pub fn read_history(&self, run: u64, target: Target) {
        let me = self.clone();
        tokio::spawn(async move {
            let result = match me.client(target.cluster) {
                None => Err(Self::no_client(&target)),
                Some(c) => history(&c, &target).await,
            };
            let _ = me.tx.send(ClusterEvent::History {
                run,
                target,
                result,
            });
        });
    }

    /// Work every ask out and dry-run it, all at once.
    pub fn prepare(&self, run: u64, asks: Vec<(Target, Op)>) {
        let me = self.clone();
        tokio::spawn(async move {
            let plans = join_all(asks.into_iter().map(|(t, op)| me.prepare_one(t, op))).await;
            let _ = me.tx.send(ClusterEvent::Prepared { run, plans });
        });
    }

    async fn prepare_one(&self, t: Target, op: Op) -> Plan {
        let Some(c) = self.client(t.cluster) else {
            let why = Self::no_client(&t);
            return Plan::refused(t, op, why);
        };
        let mut plan = prepare::prepare(&c, &t, &op).await;
        if plan.sendable() {
            match apply::dry_run(&self.gate, &c, &plan).await {
                Ok(()) => plan.dry_run = Some(Ok(())),
                Err(e) if self.gate.readonly_for(&t.context) => plan.refused = Some(e),
                Err(e) => plan.dry_run = Some(Err(e)),
            }
        }
        plan
    }

    /// Send what was confirmed, all at once.
    pub fn apply(&self, run: u64, plans: Vec<Plan>) {
        let me = self.clone();
        tokio::spawn(async move {
            let results = join_all(plans.into_iter().map(|p| {
                let me = me.clone();
                async move {
                    let r = match me.client(p.target.cluster) {
                        None => Err(Self::no_client(&p.target)),
                        Some(c) => apply::apply(&me.gate, &c, &p).await,
                    };
                    (p.target, r)
                }
            }))
            .await;
            let _ = me.tx.send(ClusterEvent::Applied { run, results });
        });
    }

    /// The user said no.
    pub fn cancelled(&self, plans: &[Plan]) {
        for p in plans {
            apply::cancelled(&self.gate, p);
        }
    }

    /// A drain, as a task that can be stopped.
    pub fn drain(&self, run: u64, plan: Plan) -> tokio::task::JoinHandle<()> {
        let me = self.clone();
        tokio::spawn(async move {
            match me.client(plan.target.cluster) {
                None => {
                    let _ = me.tx.send(ClusterEvent::Drain {
                        run,
                        event: apply::DrainEvent::Done(Err(Self::no_client(&plan.target))),
                    });
                }
                Some(c) => {
                    let _ = apply::drain(&me.gate, &c, &plan, run, &me.tx).await;
                }
            }
        })
    }
}

/// Read a workload and its revisions.
async fn history(c: &Client, t: &Target) -> Result<HistoryView, String> {
    let obj: Value = get(c, t.kind.path(&t.namespace, &t.name))
        .await
        .map_err(|f| f.message)?;
    let revisions = prepare::revisions(c, t, &obj)
        .await
        .map_err(|f| f.message)?;
    Ok(HistoryView {
        current: crate::kube::ops::history::current(&obj, &revisions),
        template: obj["spec"]["template"].clone(),
        limit: obj["spec"]["revisionHistoryLimit"].as_i64().unwrap_or(10),
        revisions,
    })
}
