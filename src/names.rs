//! Names as Proxmox VE normalizes and checks them, shared by the course and the lab.

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
}
