//! `/version` and `/nodes/{node}/…`: what a single node says about itself.

use serde::Deserialize;

use crate::api::parse::{bool_ish, opt_u64_ish};
use crate::api::{Client, Error, encode_segment};
use crate::fingerprint::Fingerprint;

/// `GET /version`: API version details.
#[derive(Clone, Debug, Deserialize)]
pub struct Version {
    /// The pve-manager package version, e.g. `9.0.3` (PVE 7 wrote `7.2-3`).
    pub version: String,
    /// The release, e.g. `9.0`.
    pub release: String,
    /// The git commit of pve-manager.
    #[serde(default)]
    pub repoid: Option<String>,
}

impl Version {
    /// The major version (`9` of `9.0.3`), or `None` if PVE wrote something unexpected.
    pub fn major(&self) -> Option<u32> {
        self.release
            .split(['.', '-'])
            .next()
            .or_else(|| self.version.split(['.', '-']).next())
            .and_then(|major| major.parse().ok())
    }
}

/// One entry of `GET /nodes`: cluster node index.
#[derive(Clone, Debug, Deserialize)]
pub struct NodeListEntry {
    /// The node's name.
    pub node: String,
    /// `online`, `offline` or `unknown`.
    pub status: String,
    /// The fingerprint of the node's certificate, as the cluster knows it.
    #[serde(default)]
    pub ssl_fingerprint: Option<Fingerprint>,
    /// Uptime in seconds.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub uptime: Option<u64>,
}

/// `GET /nodes/{node}/status`: read node status (the parts the course uses).
#[derive(Clone, Debug, Deserialize)]
pub struct NodeStatus {
    /// E.g. `pve-manager/9.0.3/…`.
    pub pveversion: String,
    /// Uptime in seconds.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub uptime: Option<u64>,
    /// The running kernel.
    #[serde(default)]
    pub kversion: Option<String>,
    /// The root file system, where pveproxy keeps uploads (`/var/tmp`) and `local` its files.
    #[serde(default)]
    pub rootfs: Option<FileSystem>,
}

/// A file system's size, in bytes.
#[derive(Clone, Debug, Deserialize)]
pub struct FileSystem {
    /// Its size.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub total: Option<u64>,
    /// What an unprivileged process may still write.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub avail: Option<u64>,
}

/// `GET /nodes/{node}/dns`: read DNS settings.
#[derive(Clone, Debug, Deserialize)]
pub struct Dns {
    /// Search domain for host-name lookup.
    #[serde(default)]
    pub search: Option<String>,
    /// First name server.
    #[serde(default)]
    pub dns1: Option<String>,
    /// Second name server.
    #[serde(default)]
    pub dns2: Option<String>,
    /// Third name server.
    #[serde(default)]
    pub dns3: Option<String>,
}

/// `GET /nodes/{node}/hosts`: the content of /etc/hosts.
#[derive(Clone, Debug, Deserialize)]
pub struct Hosts {
    /// The whole file.
    pub data: String,
    /// Guards against concurrent edits: send it back with a change.
    #[serde(default)]
    pub digest: Option<String>,
}

impl Hosts {
    /// The addresses the file gives for `name` (matching the canonical name or an alias).
    pub fn addresses_of(&self, name: &str) -> Vec<String> {
        self.data
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default())
            .filter_map(|line| {
                let mut fields = line.split_whitespace();
                let address = fields.next()?;
                let names_it = fields.any(|alias| {
                    alias.eq_ignore_ascii_case(name)
                        || alias
                            .split_once('.')
                            .is_some_and(|(short, _)| short.eq_ignore_ascii_case(name))
                });
                names_it.then(|| address.to_owned())
            })
            .collect()
    }
}

/// `GET /nodes/{node}/time`: read server time and time zone settings.
#[derive(Clone, Debug, Deserialize)]
pub struct NodeTime {
    /// Seconds since 1970-01-01 00:00:00 UTC.
    #[serde(deserialize_with = "crate::api::parse::u64_ish")]
    pub time: u64,
    /// Seconds since 1970-01-01 00:00:00 in the node's local time.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub localtime: Option<u64>,
    /// The time zone, e.g. `Europe/Madrid`.
    pub timezone: String,
}

/// One entry of `GET /nodes/{node}/network`: list available networks.
#[derive(Clone, Debug, Deserialize)]
pub struct NetworkInterface {
    /// The interface name, e.g. `vmbr0`.
    pub iface: String,
    /// `bridge`, `eth`, `bond`, `vlan`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// IPv4 address.
    #[serde(default)]
    pub address: Option<String>,
    /// IPv4 address with prefix, e.g. `192.168.1.11/24`.
    #[serde(default)]
    pub cidr: Option<String>,
    /// Default gateway.
    #[serde(default)]
    pub gateway: Option<String>,
    /// Whether the interface is up.
    #[serde(default, deserialize_with = "bool_ish")]
    pub active: bool,
}

/// One entry of `GET /nodes/{node}/certificates/info`: information about the node's certificates.
#[derive(Clone, Debug, Deserialize)]
pub struct CertificateInfo {
    /// The certificate file, e.g. `pve-ssl.pem`.
    pub filename: String,
    /// SHA-256 fingerprint of the certificate.
    #[serde(default)]
    pub fingerprint: Option<Fingerprint>,
    /// The certificate's subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// The certificate's issuer.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Expiry (Unix time).
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub notafter: Option<u64>,
}

impl CertificateInfo {
    /// The certificate pveproxy serves: a custom `pveproxy-ssl.pem` when there is one, else `pve-ssl.pem`.
    pub fn served(certificates: &[CertificateInfo]) -> Option<&CertificateInfo> {
        let named = |name: &str| certificates.iter().find(|c| c.filename.ends_with(name));
        named("pveproxy-ssl.pem").or_else(|| named("pve-ssl.pem"))
    }
}

impl Client {
    /// `GET /version`: API version details.
    pub async fn version(&self) -> Result<Version, Error> {
        self.get("/version", &()).await
    }

    /// `GET /nodes`: cluster node index.
    pub async fn nodes(&self) -> Result<Vec<NodeListEntry>, Error> {
        self.get("/nodes", &()).await
    }

    /// `GET /nodes/{node}/status`: read node status.
    pub async fn node_status(&self, node: &str) -> Result<NodeStatus, Error> {
        self.get(&node_path(node, "status"), &()).await
    }

    /// `GET /nodes/{node}/dns`: read DNS settings.
    pub async fn node_dns(&self, node: &str) -> Result<Dns, Error> {
        self.get(&node_path(node, "dns"), &()).await
    }

    /// `GET /nodes/{node}/hosts`: get the content of /etc/hosts.
    pub async fn node_hosts(&self, node: &str) -> Result<Hosts, Error> {
        self.get(&node_path(node, "hosts"), &()).await
    }

    /// `POST /nodes/{node}/hosts`: write /etc/hosts; `digest` refuses the write if the file
    /// changed since it was read.
    pub async fn node_hosts_write(
        &self,
        node: &str,
        data: &str,
        digest: Option<&str>,
    ) -> Result<(), Error> {
        let mut form = vec![("data", data)];
        if let Some(digest) = digest {
            form.push(("digest", digest));
        }
        let _: Option<serde::de::IgnoredAny> = self.post(&node_path(node, "hosts"), &form).await?;
        Ok(())
    }

    /// `GET /nodes/{node}/time`: read server time and time zone settings.
    pub async fn node_time(&self, node: &str) -> Result<NodeTime, Error> {
        self.get(&node_path(node, "time"), &()).await
    }

    /// `GET /nodes/{node}/network`: list available networks.
    pub async fn node_network(&self, node: &str) -> Result<Vec<NetworkInterface>, Error> {
        self.get(&node_path(node, "network"), &()).await
    }

    /// `GET /nodes/{node}/certificates/info`: get information about the node's certificates.
    pub async fn node_certificates_info(&self, node: &str) -> Result<Vec<CertificateInfo>, Error> {
        self.get(&node_path(node, "certificates/info"), &()).await
    }
}

pub(crate) fn node_path(node: &str, rest: &str) -> String {
    format!("/nodes/{}/{rest}", encode_segment(node))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_lookup_finds_short_and_fully_qualified_names() {
        let hosts = Hosts {
            data: "127.0.0.1 localhost.localdomain localhost\n192.168.1.11 pve1.escola.lan pve1\n# 10.0.0.1 pve1\n".into(),
            digest: None,
        };
        assert_eq!(hosts.addresses_of("pve1"), vec!["192.168.1.11"]);
        assert!(hosts.addresses_of("pve2").is_empty());
        let debian_default = Hosts {
            data: "127.0.1.1 pve2.lan pve2\n".into(),
            digest: None,
        };
        assert_eq!(debian_default.addresses_of("pve2"), vec!["127.0.1.1"]);
    }

    #[test]
    fn version_major_is_read_from_release() {
        let v: Version =
            serde_json::from_str(r#"{"version":"9.0.3","release":"9.0","repoid":"abc"}"#).unwrap();
        assert_eq!(v.major(), Some(9));
        let old: Version = serde_json::from_str(r#"{"version":"7.2-3","release":"7.2"}"#).unwrap();
        assert_eq!(old.major(), Some(7));
    }

    #[test]
    fn served_certificate_prefers_a_custom_one() {
        let info = |filename: &str| CertificateInfo {
            filename: filename.into(),
            fingerprint: None,
            subject: None,
            issuer: None,
            notafter: None,
        };
        let both = [
            info("pve-root-ca.pem"),
            info("pve-ssl.pem"),
            info("pveproxy-ssl.pem"),
        ];
        assert_eq!(
            CertificateInfo::served(&both).unwrap().filename,
            "pveproxy-ssl.pem"
        );
        let own = [info("pve-root-ca.pem"), info("pve-ssl.pem")];
        assert_eq!(
            CertificateInfo::served(&own).unwrap().filename,
            "pve-ssl.pem"
        );
    }
}
