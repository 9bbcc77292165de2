//! Names as Proxmox VE normalizes and checks them, shared by the course and the lab: one copy
//! of each format pve-common registers (`src/PVE/JSONSchema.pm`), which the plan, the window's
//! forms, the client and the lab's schema check all use.

/// pve-storage's `normalize_content_filename`: the last path component, with every character
/// outside `[A-Za-z0-9_.-]` replaced by `_`.
pub fn normalize_content_filename(name: &str) -> String {
    let name = name.trim_end_matches(['\r', '\n']);
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    base.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Whether `name` ends in one of `extensions` (case-insensitive) after at least one character.
pub fn has_extension(name: &str, extensions: &[&str]) -> bool {
    let lower = name.to_ascii_lowercase();
    extensions
        .iter()
        .any(|ext| lower.len() > ext.len() && lower.ends_with(ext))
}

/// The extensions PVE accepts for ISO images (`$ISO_EXT_RE_0`).
pub const ISO_EXTENSIONS: [&str; 2] = [".iso", ".img"];

/// One label of `pve-node` and `dns-name`: `[a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?`.
fn is_label(label: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    edge(label.chars().next())
        && edge(label.chars().next_back())
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `pve-node` (`pve_verify_node_name`): a node's host name, one label.
pub fn is_node_name(name: &str) -> bool {
    is_label(name)
}

/// `dns-name` (`pve_verify_dns_name`): labels joined by dots.
pub fn is_dns_name(name: &str) -> bool {
    name.split('.').all(is_label)
}

/// `pve-storage-id` (`parse_storage_id`, `parse_id`): at least two characters, a letter first,
/// then letters, digits, `-`, `_`, `.`, ending in a letter or digit.
pub fn is_storage_id(id: &str) -> bool {
    id.len() >= 2
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.ends_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `pve-vmid` (`pve_verify_vmid`): `[1-9][0-9]{2,8}`, so 100 to 999999999 written plainly.
pub fn is_vmid_text(text: &str) -> bool {
    (3..=9).contains(&text.len())
        && text.starts_with(|c: char| matches!(c, '1'..='9'))
        && text.chars().all(|c| c.is_ascii_digit())
}

/// [`is_vmid_text`] of a number.
pub fn is_vmid(vmid: u64) -> bool {
    (100..=999_999_999).contains(&vmid)
}

/// An address the wizard may connect to: an IP address, or a DNS name as `address` takes it
/// (`pve_verify_address`) whose last label is not all digits. PVE would take `192.168.1.300` as
/// a name and fail to resolve it; typed by a teacher it is a mistyped address, refused at once.
pub fn is_address(host: &str) -> bool {
    let numeric_top = host
        .rsplit('.')
        .next()
        .is_some_and(|top| top.chars().all(|c| c.is_ascii_digit()));
    host.parse::<std::net::IpAddr>().is_ok()
        || (host.len() <= 253 && !numeric_top && is_dns_name(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_are_normalized_as_pve_does() {
        assert_eq!(
            normalize_content_filename("C:\\isos\\Tiny Core.iso"),
            "Tiny_Core.iso"
        );
        assert_eq!(normalize_content_filename("../../etc/passwd"), "passwd");
        assert_eq!(
            normalize_content_filename("lliurex-23.ISO\n"),
            "lliurex-23.ISO"
        );
        assert!(has_extension("lliurex-23.ISO", &ISO_EXTENSIONS));
        assert!(!has_extension(".iso", &ISO_EXTENSIONS));
    }

    #[test]
    fn formats_are_pve_commons() {
        for good in ["pve1", "PVE-2", "a", "9"] {
            assert!(is_node_name(good), "{good}");
        }
        for bad in ["", "-pve", "pve-", "pve 1", "pve1.lan", "pvé"] {
            assert!(!is_node_name(bad), "{bad}");
        }
        assert!(is_dns_name("pve1.escola.lan"));
        assert!(!is_dns_name("pve1..lan") && !is_dns_name("pve1.lan.") && !is_dns_name(""));
        for good in ["NAS", "local-lvm", "local_zfs.2", "n1"] {
            assert!(is_storage_id(good), "{good}");
        }
        for bad in ["n", "1nas", "nas-", "na s"] {
            assert!(!is_storage_id(bad), "{bad}");
        }
        assert!(is_vmid_text("100") && is_vmid_text("999999999"));
        assert!(!is_vmid_text("99") && !is_vmid_text("0100") && !is_vmid_text("1000000000"));
        assert!(is_vmid(100) && !is_vmid(99) && !is_vmid(1_000_000_000));
        for good in ["192.168.1.11", "fd00::11", "pve1.escola.lan", "pve1"] {
            assert!(is_address(good), "{good}");
        }
        for bad in ["192.168.1.300", "", "pve 1", "https://pve1"] {
            assert!(!is_address(bad), "{bad}");
        }
    }
}
