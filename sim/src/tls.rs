//! A certificate authority and server certificates made at start-up, so the
//! simulated clusters speak TLS like real ones and the kubeconfig carries
//! the CA.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use anyhow::{Context, Result};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
    SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

pub struct Tls {
    /// PEM of the CA certificate, for `certificate-authority-data`.
    pub ca_pem: String,
    pub server: Arc<rustls::ServerConfig>,
}

impl Tls {
    pub fn generate() -> Result<Tls> {
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "kdeck-sim-ca");
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate()?)
            .context("creating the sim CA")?;

        let mut params =
            CertificateParams::new(vec!["localhost".to_string(), "kubernetes".to_string()])?;
        params
            .subject_alt_names
            .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        params
            .distinguished_name
            .push(DnType::CommonName, "kube-apiserver");
        let key = KeyPair::generate()?;
        let cert = params
            .signed_by(&key, &ca)
            .context("signing the sim server certificate")?;

        let chain = vec![
            CertificateDer::from(cert.der().to_vec()),
            CertificateDer::from(ca.der().to_vec()),
        ];
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut server = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .context("building the TLS server configuration")?;
        server.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls {
            ca_pem: ca.pem(),
            server: Arc::new(server),
        })
    }
}

/// A self-signed client certificate and its private key (PEM), for tests
/// of kubeconfigs with client-certificate credentials (the sim asks for no
/// client certificate, and a client offers one only when asked).
pub fn client_identity(name: &str) -> Result<(String, String)> {
    let ck = rcgen::generate_simple_self_signed(vec![name.to_string()])
        .context("making a client certificate")?;
    Ok((ck.cert.pem(), ck.signing_key.serialize_pem()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_a_ca_and_server_config() {
        let t = Tls::generate().unwrap();
        assert!(t.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert_eq!(t.server.alpn_protocols, vec![b"http/1.1".to_vec()]);
    }

    #[test]
    fn makes_a_client_identity() {
        let (cert, key) = client_identity("kdeck-test").unwrap();
        assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    }
}
