//! The join information text of the PVE web UI ("Datacenter > Cluster > Join Information > Copy
//! Information"), decoded and encoded exactly as pve-manager does it.
//!
//! `www/manager6/dc/Cluster.js` builds `{ipAddress, fingerprint, peerLinks, ring_addr, totem}` from
//! `GET /cluster/config/join` (the preferred node's `pve_addr`, `pve_fp`, its corosync links, and the
//! totem section); `dc/ClusterEdit.js` turns it into text with `Ext.JSON.encode` and
//! `Ext.util.Base64.encode`, and the join dialog reverses that and needs `totem`.

use std::collections::BTreeMap;
use std::net::IpAddr;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::api::{JoinInfo, Totem};
use crate::course::error::{InputError, JoinInfoProblem};
use crate::fingerprint::Fingerprint;

/// What the web UI's "Copy Information" button copies, decoded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinInformation {
    /// The API address of the member to join through.
    #[serde(rename = "ipAddress")]
    pub ip_address: String,
    /// That member's certificate fingerprint.
    pub fingerprint: Fingerprint,
    /// That member's corosync link addresses, by link number.
    #[serde(rename = "peerLinks", default)]
    pub peer_links: BTreeMap<u8, String>,
    /// The same addresses, in the order corosync lists them.
    #[serde(default)]
    pub ring_addr: Vec<String>,
    /// corosync's totem section of the cluster.
    pub totem: Totem,
}

impl JoinInformation {
    /// The information for the preferred member of `GET /cluster/config/join`, as Cluster.js builds it.
    pub fn from_join_info(info: &JoinInfo) -> Option<Self> {
        let preferred = info.preferred()?;
        let peer_links = preferred.links();
        Some(Self {
            ip_address: preferred.pve_addr.clone(),
            fingerprint: preferred.pve_fp,
            ring_addr: peer_links.values().cloned().collect(),
            peer_links,
            totem: info.totem.clone(),
        })
    }

    /// The cluster's name.
    pub fn cluster_name(&self) -> Option<&str> {
        self.totem.cluster_name()
    }

    /// The text the web UI shows and copies: base64 of the UTF-8 of `Ext.JSON.encode`.
    pub fn encode(&self) -> String {
        // Serialising plain strings, numbers and maps cannot fail.
        let json = serde_json::to_string(self).unwrap_or_default();
        base64::engine::general_purpose::STANDARD.encode(ext_json_escapes(&json))
    }

    /// Reads pasted text; refuses anything the web UI's join dialog would refuse, and more
    /// (a missing address or fingerprint), before anything is sent.
    pub fn decode(text: &str) -> Result<Self, InputError> {
        let refuse = |reason| InputError::JoinInformation { reason };
        // Copying from a web page or a chat may add line breaks and spaces.
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(refuse(JoinInfoProblem::Empty));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&compact)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&compact))
            .map_err(|_| refuse(JoinInfoProblem::NotBase64))?;
        #[derive(Deserialize)]
        struct Loose {
            #[serde(rename = "ipAddress")]
            ip_address: Option<String>,
            fingerprint: Option<String>,
            #[serde(rename = "peerLinks", default)]
            peer_links: BTreeMap<u8, String>,
            #[serde(default)]
            ring_addr: Vec<String>,
            totem: Option<Totem>,
        }
        let loose: Loose =
            serde_json::from_slice(&bytes).map_err(|_| refuse(JoinInfoProblem::NotJson))?;
        let totem = loose
            .totem
            .filter(Totem::is_plausible)
            .ok_or(refuse(JoinInfoProblem::NoTotem))?;
        let ip_address = loose
            .ip_address
            .filter(|address| address.parse::<IpAddr>().is_ok())
            .ok_or(refuse(JoinInfoProblem::BadAddress))?;
        let fingerprint = loose
            .fingerprint
            .and_then(|text| text.parse().ok())
            .ok_or(refuse(JoinInfoProblem::BadFingerprint))?;
        Ok(Self {
            ip_address,
            fingerprint,
            peer_links: loose.peer_links,
            ring_addr: loose.ring_addr,
            totem,
        })
    }
}

/// `Ext.JSON.encode` writes every character outside printable ASCII as `\uXXXX` (lower-case hex),
/// where serde_json writes it raw.
fn ext_json_escapes(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() && c != '\x7f' {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a PVE web UI copies for a one-node cluster "escola" at 192.168.1.11: the JSON below,
    /// in the key order Cluster.js builds it, as Ext.JSON.encode writes it (no spaces).
    const WEB_UI_JSON: &str = r#"{"ipAddress":"192.168.1.11","fingerprint":"0B:C4:1D:8F:25:6A:77:90:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:12:34:56:78:87:65:43:21:0F:ED:CB:A9","peerLinks":{"0":"192.168.1.11"},"ring_addr":["192.168.1.11"],"totem":{"cluster_name":"escola","config_version":"1","interface":{"0":{"linknumber":"0"}},"ip_version":"ipv4-6","link_mode":"passive","secauth":"on","version":"2"}}"#;

    fn web_ui_text() -> String {
        base64::engine::general_purpose::STANDARD.encode(WEB_UI_JSON)
    }

    #[test]
    fn decodes_the_web_ui_text() {
        let info = JoinInformation::decode(&web_ui_text()).unwrap();
        assert_eq!(info.ip_address, "192.168.1.11");
        assert_eq!(info.cluster_name(), Some("escola"));
        assert_eq!(
            info.peer_links.get(&0).map(String::as_str),
            Some("192.168.1.11")
        );
        assert!(info.fingerprint.to_string().starts_with("0B:C4"));
    }

    #[test]
    fn encodes_byte_for_byte_what_the_web_ui_copies() {
        let info = JoinInformation::decode(&web_ui_text()).unwrap();
        assert_eq!(info.encode(), web_ui_text());
    }

    #[test]
    fn tolerates_line_breaks_from_copying() {
        let text = web_ui_text();
        let (a, b) = text.split_at(40);
        assert!(JoinInformation::decode(&format!("  {a}\n{b}\n")).is_ok());
    }

    #[test]
    fn refuses_garbage_with_the_reason() {
        let reason = |text: &str| match JoinInformation::decode(text) {
            Err(InputError::JoinInformation { reason }) => reason,
            other => panic!("{text:?} should be refused, got {other:?}"),
        };
        let b64 = |json: &str| base64::engine::general_purpose::STANDARD.encode(json);
        assert_eq!(reason(""), JoinInfoProblem::Empty);
        assert_eq!(reason("hola, soc el node 1!"), JoinInfoProblem::NotBase64);
        assert_eq!(reason(&b64("not json")), JoinInfoProblem::NotJson);
        assert_eq!(
            reason(&b64(r#"{"ipAddress":"192.168.1.11"}"#)),
            JoinInfoProblem::NoTotem
        );
        let no_fp = WEB_UI_JSON.replace("0B:C4", "0B:C");
        assert_eq!(reason(&b64(&no_fp)), JoinInfoProblem::BadFingerprint);
        let bad_ip = WEB_UI_JSON.replacen("\"192.168.1.11\"", "\"pve1\"", 1);
        assert_eq!(reason(&b64(&bad_ip)), JoinInfoProblem::BadAddress);
    }

    #[test]
    fn non_ascii_is_escaped_like_ext_json() {
        assert_eq!(
            ext_json_escapes(r#"{"a":"escòla"}"#),
            r#"{"a":"esc\u00f2la"}"#
        );
    }
}
