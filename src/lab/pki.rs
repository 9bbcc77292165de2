//! Certificates as a Proxmox VE node has them: a cluster CA (`pve-root-ca.pem`) and a node
//! certificate signed by it (`pve-ssl.pem`), which pveproxy serves. A fresh node has its own CA;
//! a node that joins a cluster gets a new certificate from the cluster's CA.

use std::net::Ipv4Addr;
use std::sync::{Arc, PoisonError, RwLock};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

use crate::fingerprint::Fingerprint;

/// What a certificate looks like in `/nodes/{node}/certificates/info`.
#[derive(Clone, Debug)]
pub(crate) struct CertificateFile {
    pub pem: String,
    pub fingerprint: Fingerprint,
    pub subject: String,
    pub issuer: String,
    pub not_before: i64,
    pub not_after: i64,
    pub san: Vec<String>,
}

/// A cluster CA: `/etc/pve/pve-root-ca.pem` and its key.
pub(crate) struct Authority {
    issuer: Issuer<'static, KeyPair>,
    pub file: CertificateFile,
}

impl std::fmt::Debug for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authority")
            .field("fingerprint", &self.file.fingerprint)
            .finish_non_exhaustive()
    }
}

/// A node certificate with the key pveproxy serves it with.
#[derive(Clone, Debug)]
pub(crate) struct NodeCertificate {
    pub file: CertificateFile,
    pub served: Arc<CertifiedKey>,
}

const DAY: i64 = 24 * 3600;

fn validity(params: &mut CertificateParams, now: u64, days: i64) -> (i64, i64) {
    let now = i64::try_from(now).unwrap_or_default();
    let not_before = now - DAY;
    let not_after = now + days * DAY;
    params.not_before = time_of(not_before);
    params.not_after = time_of(not_after);
    (not_before, not_after)
}

fn time_of(epoch: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(epoch).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

impl Authority {
    /// A new CA, as `pvecm updatecerts` makes on a fresh node (10 years).
    pub fn generate(now: u64) -> Result<Self, rcgen::Error> {
        let key = KeyPair::generate()?;
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, "Proxmox Virtual Environment");
        name.push(DnType::OrganizationalUnitName, random_unit());
        name.push(DnType::OrganizationName, "PVE Cluster Manager CA");
        params.distinguished_name = name;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let (not_before, not_after) = validity(&mut params, now, 3650);
        let certificate = params.self_signed(&key)?;
        let subject = subject_line(&params.distinguished_name);
        let file = CertificateFile {
            pem: certificate.pem(),
            fingerprint: Fingerprint::of_der(certificate.der()),
            issuer: subject.clone(),
            subject,
            not_before,
            not_after,
            san: Vec::new(),
        };
        Ok(Self {
            issuer: Issuer::new(params, key),
            file,
        })
    }

    /// A node certificate for `name` at `address`, as `pvecm updatecerts` makes it (2 years).
    pub fn issue(
        &self,
        name: &str,
        domain: &str,
        address: Ipv4Addr,
        now: u64,
    ) -> Result<NodeCertificate, rcgen::Error> {
        let key = KeyPair::generate()?;
        let fqdn = format!("{name}.{domain}");
        let mut params = CertificateParams::default();
        let mut subject = DistinguishedName::new();
        subject.push(DnType::OrganizationalUnitName, "PVE Cluster Node");
        subject.push(DnType::OrganizationName, "Proxmox Virtual Environment");
        subject.push(DnType::CommonName, fqdn.clone());
        params.distinguished_name = subject;
        params.subject_alt_names = vec![
            SanType::IpAddress(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST)),
            SanType::DnsName("localhost".try_into()?),
            SanType::IpAddress(std::net::IpAddr::V4(address)),
            SanType::DnsName(name.try_into()?),
            SanType::DnsName(fqdn.clone().try_into()?),
        ];
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let (not_before, not_after) = validity(&mut params, now, 730);
        let certificate = params.signed_by(&key, &self.issuer)?;
        let der = certificate.der().clone();
        let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let signing = rustls::crypto::ring::sign::any_supported_type(&private)
            .map_err(|_| rcgen::Error::RingUnspecified)?;
        let file = CertificateFile {
            pem: certificate.pem(),
            fingerprint: Fingerprint::of_der(&der),
            subject: subject_line(&params.distinguished_name),
            issuer: self.file.subject.clone(),
            not_before,
            not_after,
            san: vec![
                "127.0.0.1".to_owned(),
                "localhost".to_owned(),
                address.to_string(),
                name.to_owned(),
                fqdn,
            ],
        };
        Ok(NodeCertificate {
            file,
            served: Arc::new(CertifiedKey::new(vec![der], signing)),
        })
    }
}

/// `/OU=…/O=…/CN=…`, the way `openssl x509 -subject` prints it and PVE shows it.
fn subject_line(name: &DistinguishedName) -> String {
    name.iter()
        .map(|(kind, value)| {
            let key = match kind {
                DnType::CommonName => "CN",
                DnType::OrganizationName => "O",
                DnType::OrganizationalUnitName => "OU",
                _ => "?",
            };
            let value = match value {
                rcgen::DnValue::Utf8String(text) => text.as_str(),
                _ => "",
            };
            format!("/{key}={value}")
        })
        .collect()
}

/// PVE's CA unit is a random UUID-like string; a fresh one tells two CAs apart.
fn random_unit() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The certificate a node's pveproxy serves now; replaced when the node joins a cluster.
#[derive(Debug)]
pub(crate) struct ServedCertificate(RwLock<Arc<CertifiedKey>>);

impl ServedCertificate {
    pub fn new(key: Arc<CertifiedKey>) -> Self {
        Self(RwLock::new(key))
    }

    pub fn replace(&self, key: Arc<CertifiedKey>) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = key;
    }
}

impl ResolvesServerCert for ServedCertificate {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(
            &self.0.read().unwrap_or_else(PoisonError::into_inner),
        ))
    }
}
