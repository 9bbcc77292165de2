//! Where a node's API answers.

use std::fmt;
use std::net::IpAddr;

use super::error::Error;

/// The standard port of the Proxmox VE API (pveproxy).
pub const DEFAULT_PORT: u16 = 8006;

/// Where a node's API answers: a host name or IP address and a port.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    host: String,
    port: u16,
}

impl Endpoint {
    /// Checks the address (an IPv4/IPv6 address or a DNS name) before anything is sent to it.
    pub fn new(host: &str, port: u16) -> Result<Self, Error> {
        let host = host.trim().trim_start_matches('[').trim_end_matches(']');
        if !crate::names::is_address(host) || port == 0 {
            return Err(Error::InvalidAddress {
                host: host.to_owned(),
            });
        }
        Ok(Self {
            host: host.to_owned(),
            port,
        })
    }

    /// The host as given (IPv6 without brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    pub(crate) fn base_url(&self) -> String {
        match self.host.parse::<IpAddr>() {
            Ok(IpAddr::V6(_)) => format!("https://[{}]:{}/api2/json", self.host, self.port),
            _ => format!("https://{}:{}/api2/json", self.host, self.port),
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_addresses_and_names_and_refuses_the_rest() {
        for good in [
            "192.168.1.11",
            "pve1.escola.lan",
            "fd00::11",
            "[fd00::11]",
            " pve1 ",
        ] {
            assert!(
                Endpoint::new(good, DEFAULT_PORT).is_ok(),
                "{good:?} should be accepted"
            );
        }
        for bad in [
            "",
            "192.168.1.11:8006",
            "http://pve1",
            "pve 1",
            "-pve",
            "a..b",
            "192.168.1.300",
        ] {
            assert!(
                Endpoint::new(bad, DEFAULT_PORT).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn ipv6_gets_brackets_in_urls() {
        let endpoint = Endpoint::new("fd00::11", 8006).unwrap();
        assert_eq!(endpoint.base_url(), "https://[fd00::11]:8006/api2/json");
        assert_eq!(endpoint.to_string(), "[fd00::11]:8006");
    }
}
