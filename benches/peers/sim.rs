//! `kdeck sim` as a process of its own, run from a copy of the kdeck
//! binary (so the console measured and the sim share no code pages), and
//! its control API over plain HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, anyhow, bail};
use serde_json::Value;

/// A load: clusters x pods per cluster.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub clusters: usize,
    pub pods: usize,
}

impl Size {
    /// `3x20000`.
    pub fn parse(s: &str) -> Option<Size> {
        let (c, p) = s.split_once('x')?;
        Some(Size {
            clusters: c.parse().ok().filter(|&c| c > 0)?,
            pods: p.parse().ok()?,
        })
    }

    pub fn label(self) -> String {
        format!("{}x{}", self.clusters, self.pods)
    }

    pub fn describe(self) -> String {
        let clusters = if self.clusters == 1 {
            "1 cluster".to_string()
        } else {
            format!("{} clusters", self.clusters)
        };
        format!(
            "{clusters} × {} pods (`kdeck sim --clusters {} --pods {} --namespaces 20`)",
            self.pods, self.clusters, self.pods
        )
    }
}

pub struct SimCluster {
    pub name: String,
    /// The admin's bearer token (the control API asks for it).
    pub token: String,
}

pub struct SimProcess {
    child: Child,
    pub kubeconfig: PathBuf,
    pub control: SocketAddr,
    pub clusters: Vec<SimCluster>,
    /// Holds the copied binary, the kubeconfig and the sim's log.
    _dir: tempfile::TempDir,
}

impl SimProcess {
    pub fn start(size: Size) -> anyhow::Result<SimProcess> {
        let dir = tempfile::tempdir()?;
        let copy = dir.path().join("kdeck-sim");
        std::fs::copy(env!("CARGO_BIN_EXE_kdeck"), &copy)
            .context("cannot copy the kdeck binary")?;
        let kubeconfig = dir.path().join("kubeconfig");
        let mut child = Command::new(&copy)
            .args(["sim", "--namespaces", "20", "--clusters"])
            .arg(size.clusters.to_string())
            .arg("--pods")
            .arg(size.pods.to_string())
            .arg("--kubeconfig-out")
            .arg(&kubeconfig)
            .env("XDG_STATE_HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("cannot start kdeck sim")?;
        let mut out = BufReader::new(child.stdout.take().context("stdout")?);
        let mut line = String::new();
        out.read_line(&mut line)?;
        if !line.starts_with("kubeconfig: ") {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            bail!("kdeck sim did not start: {line}{err}");
        }
        let mut err = BufReader::new(child.stderr.take().context("stderr")?);
        let mut line = String::new();
        err.read_line(&mut line)?;
        let control: SocketAddr = line
            .trim()
            .strip_prefix("control: http://")
            .and_then(|r| r.split('/').next())
            .ok_or_else(|| anyhow!("no control address in {line:?}"))?
            .parse()?;
        // Keep the pipes drained.
        std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let yaml = std::fs::read_to_string(&kubeconfig)?;
        let kc: Value = serde_saphyr::from_str(&yaml)?;
        let token = |user: &str| -> anyhow::Result<String> {
            kc["users"]
                .as_array()
                .and_then(|us| us.iter().find(|u| u["name"] == user))
                .and_then(|u| u["user"]["token"].as_str())
                .map(str::to_string)
                .ok_or_else(|| anyhow!("no token for {user} in the kubeconfig"))
        };
        let (_, body) = http(control, "GET", "/kdeck-sim/v1/clusters", "")?;
        let names: Value = serde_json::from_str(&body)?;
        let clusters = names["clusters"]
            .as_array()
            .context("no clusters")?
            .iter()
            .filter_map(Value::as_str)
            .map(|n| {
                Ok(SimCluster {
                    name: n.to_string(),
                    token: token(&format!("{n}-admin"))?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(SimProcess {
            child,
            kubeconfig,
            control,
            clusters,
            _dir: dir,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A control operation on cluster `i`; the answer's body.
    pub fn control(&self, i: usize, method: &str, op: &str) -> anyhow::Result<String> {
        let c = &self.clusters[i];
        let path = format!("/kdeck-sim/v1/clusters/{}/{op}", c.name);
        let (status, body) = http(self.control, method, &path, &c.token)?;
        if status != 200 {
            bail!("{method} {op} on {}: HTTP {status}: {body}", c.name);
        }
        Ok(body)
    }

    /// Every cluster at once.
    pub fn control_all(&self, method: &str, op: &str) -> anyhow::Result<()> {
        for i in 0..self.clusters.len() {
            self.control(i, method, op)?;
        }
        Ok(())
    }

    /// Pods in each cluster.
    pub fn pods(&self) -> anyhow::Result<Vec<usize>> {
        (0..self.clusters.len())
            .map(|i| {
                let v: Value = serde_json::from_str(&self.control(i, "GET", "info")?)?;
                v["pods"]
                    .as_u64()
                    .map(|n| n as usize)
                    .ok_or_else(|| anyhow!("no pod count in {v}"))
            })
            .collect()
    }

    /// Nothing changes (`true`), or pods progress again.
    pub fn freeze(&self, frozen: bool) -> anyhow::Result<()> {
        self.control_all("POST", &format!("freeze?frozen={frozen}"))
    }

    /// `total` pod updates a second, spread over the clusters.
    pub fn churn(&self, total: usize) -> anyhow::Result<()> {
        let per = total.div_ceil(self.clusters.len());
        self.control_all("POST", &format!("churn?per_sec={per}"))
    }

    /// Cluster `i`'s request log from sequence number `since`, and the
    /// sequence number of the next request.
    pub fn requests(&self, i: usize, since: u64) -> anyhow::Result<(Vec<Value>, u64)> {
        let v: Value =
            serde_json::from_str(&self.control(i, "GET", &format!("requests?since={since}"))?)?;
        let next = v["next"]
            .as_u64()
            .ok_or_else(|| anyhow!("no next in the request log"))?;
        Ok((v["requests"].as_array().cloned().unwrap_or_default(), next))
    }

    /// The sequence number each cluster's next request will get.
    pub fn request_marks(&self) -> anyhow::Result<Vec<u64>> {
        (0..self.clusters.len())
            .map(|i| Ok(self.requests(i, u64::MAX)?.1))
            .collect()
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        // SIGTERM: the sim stops cleanly.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

/// One HTTP/1.0 request (so the answer is not chunked): status and body.
fn http(addr: SocketAddr, method: &str, path: &str, token: &str) -> anyhow::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))?;
    let auth = if token.is_empty() {
        String::new()
    } else {
        format!("Authorization: Bearer {token}\r\n")
    };
    write!(
        s,
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\n{auth}Content-Length: 0\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| anyhow!("no HTTP answer from {addr}{path}"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow!("bad status line in {head}"))?;
    Ok((status, body.to_string()))
}
