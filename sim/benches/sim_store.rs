//! Throughput of the simulated API server at 20,000 pods: generating the
//! cluster, a full LIST over HTTP, and watch events delivered over HTTP.
//! Run with `cargo bench --bench sim_store`.

// Test and benchmark code may unwrap and panic: a failure there is a
// failed test (shipped code may not: see [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use kdeck_sim::{Sim, SimConfig};
use serde_json::json;

const PODS: usize = 20_000;

fn start(rt: &tokio::runtime::Runtime) -> Sim {
    rt.block_on(Sim::start(SimConfig {
        clusters: 1,
        pods: PODS,
        namespaces: 20,
        plain_http: true,
        kubeconfig_out: Some(
            std::env::temp_dir().join(format!("kdeck-bench-{}.kubeconfig", std::process::id())),
        ),
        ..SimConfig::default()
    }))
    .expect("sim starts")
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    let t = Instant::now();
    let sim = start(&rt);
    let pods = sim.clusters[0].store.lock().count("pods");
    eprintln!(
        "generated 1 cluster with {pods} pods in {:.2?}",
        t.elapsed()
    );

    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let base = format!("http://{}", sim.addrs[0]);
    let token = sim.clusters[0].admin_token();
    let get = |path: String| {
        http::Request::get(format!("{base}{path}"))
            .header("Authorization", format!("Bearer {token}"))
            .body(Empty::<Bytes>::new())
            .unwrap()
    };

    let mut g = c.benchmark_group("sim");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("list 20k pods over HTTP (JSON)", |b| {
        b.to_async(&rt).iter(|| async {
            let resp = client.request(get("/api/v1/pods".into())).await.unwrap();
            let body = resp.into_body().collect().await.unwrap().to_bytes();
            assert!(body.len() > 10_000_000);
            body.len()
        })
    });
    g.bench_function("list 20k pods over HTTP in pages of 500", |b| {
        b.to_async(&rt).iter(|| async {
            let mut cont = String::new();
            let mut n = 0;
            loop {
                let path = format!("/api/v1/pods?limit=500&continue={cont}");
                let body = client
                    .request(get(path))
                    .await
                    .unwrap()
                    .into_body()
                    .collect()
                    .await
                    .unwrap()
                    .to_bytes();
                let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
                n += v["items"].as_array().map_or(0, Vec::len);
                match v["metadata"]["continue"].as_str() {
                    Some(c) if !c.is_empty() => cont = c.to_string(),
                    _ => break,
                }
            }
            assert!(n >= PODS / 2);
            n
        })
    });
    g.bench_function("watch: 2,000 pod updates delivered over HTTP", |b| {
        let cluster = sim.clusters[0].clone();
        b.to_async(&rt).iter(|| {
            let cluster = cluster.clone();
            let client = client.clone();
            let rv = cluster.store.lock().resource_version();
            let req = get(format!(
                "/api/v1/pods?watch=1&resourceVersion={rv}&timeoutSeconds=60"
            ));
            async move {
                let mut body = client.request(req).await.unwrap().into_body();
                let keys: Vec<(String, String)> = cluster
                    .store
                    .lock()
                    .list("pods", None)
                    .take(2_000)
                    .map(|p| {
                        (
                            p["metadata"]["namespace"].as_str().unwrap().to_string(),
                            p["metadata"]["name"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect();
                for (ns, name) in &keys {
                    let _ = cluster.modify("pods", ns, name, |p| {
                        let n = p["metadata"]["annotations"]["bench"].as_u64().unwrap_or(0);
                        p["metadata"]["annotations"]["bench"] = json!(n + 1);
                    });
                }
                let mut lines = 0;
                while lines < keys.len() {
                    let frame = body.frame().await.unwrap().unwrap();
                    if let Some(d) = frame.data_ref() {
                        lines += d.iter().filter(|b| **b == b'\n').count();
                    }
                }
                lines
            }
        })
    });
    g.finish();
    rt.block_on(sim.stop());
}

criterion_group!(benches, bench);
criterion_main!(benches);
