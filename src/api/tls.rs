//! TLS trust: a node is trusted by the SHA-256 fingerprint of its certificate (as PVE pins it), or by
//! a certificate that chains to a CA of the system store (real clusters with ACME certificates).
//!
//! There is no "insecure" switch. A certificate that matches neither fails the handshake, so no
//! request — and no credential — is ever sent to it.

use std::fmt;
use std::sync::{Arc, LazyLock};

use rustls::DigitallySignedStruct;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};

use crate::fingerprint::Fingerprint;

/// The crypto provider of the whole client: ring, like the rest of the app.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Verifies certificates that chain to the system's CA store, built once: reading the store is slow.
static SYSTEM_VERIFIER: LazyLock<Option<Arc<WebPkiServerVerifier>>> = LazyLock::new(|| {
    let mut roots = rustls::RootCertStore::empty();
    let loaded = rustls_native_certs::load_native_certs();
    for cert in loaded.certs {
        // A single unreadable CA must not take the others with it.
        roots.add(cert).ok();
    }
    if roots.is_empty() {
        tracing::debug!("no system CA certificates found; only pinned fingerprints are trusted");
        return None;
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
        .build()
        .ok()
});

/// The error a handshake fails with when the node's certificate is not the pinned one.
///
/// It carries what was seen, so the client can tell the user both fingerprints.
#[derive(Debug, Clone)]
pub struct PinMismatch {
    /// The fingerprint of the certificate the node presented.
    pub seen: Fingerprint,
    /// Whether the certificate chains to a CA of the system store for the name dialled.
    pub system_trusted: bool,
}

impl fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "certificate fingerprint {} is not the pinned one",
            self.seen
        )
    }
}

impl std::error::Error for PinMismatch {}

/// Trusts one pinned end-entity certificate, or else what the system CA store trusts.
#[derive(Debug)]
pub(crate) struct PinnedVerifier {
    /// `None` while probing: nothing is trusted, the fingerprint is only captured.
    pin: Option<Fingerprint>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl PinnedVerifier {
    pub(crate) fn new(pin: Option<Fingerprint>) -> Self {
        Self {
            pin,
            algorithms: provider().signature_verification_algorithms,
        }
    }
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let seen = Fingerprint::of_der(end_entity);
        if self.pin == Some(seen) {
            // PVE's own certificates name the node, not the address the teacher typed, and are
            // signed by the node's private CA: the pin replaces the name and chain checks.
            return Ok(ServerCertVerified::assertion());
        }
        let system_trusted = SYSTEM_VERIFIER.as_ref().is_some_and(|system| {
            system
                .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
                .is_ok()
        });
        if system_trusted && self.pin.is_some() {
            return Ok(ServerCertVerified::assertion());
        }
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::Other(rustls::OtherError(Arc::new(PinMismatch {
                seen,
                system_trusted,
            }))),
        ))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A rustls client configuration that trusts `pin` (or the system store).
pub(crate) fn client_config(
    pin: Option<Fingerprint>,
) -> Result<rustls::ClientConfig, rustls::Error> {
    let mut config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(PinnedVerifier::new(pin)))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// A client configuration that trusts the system's CA store only (no pin): for the practice lab's
/// downloads, as a node's `wget` trusts its system store.
pub fn system_client_config() -> Result<rustls::ClientConfig, String> {
    let verifier = SYSTEM_VERIFIER
        .clone()
        .ok_or_else(|| "no CA certificates on this system".to_owned())?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_webpki_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Finds a [`PinMismatch`] anywhere in an error's chain.
///
/// reqwest wraps the rustls error in an `io::Error` inside another `io::Error`, and
/// `io::Error::source()` skips the inner payload, so `get_ref()` is walked too.
pub(crate) fn find_pin_mismatch(error: &(dyn std::error::Error + 'static)) -> Option<PinMismatch> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(err) = current {
        if let Some(mismatch) = err.downcast_ref::<PinMismatch>() {
            return Some(mismatch.clone());
        }
        if let Some(rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other))) =
            err.downcast_ref::<rustls::Error>()
        {
            if let Some(mismatch) = other.0.downcast_ref::<PinMismatch>() {
                return Some(mismatch.clone());
            }
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(found) = find_pin_mismatch(inner) {
                    return Some(found);
                }
            }
        }
        current = err.source();
    }
    None
}
