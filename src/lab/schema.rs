//! Request validation against the real Proxmox VE API schema — PVE 9's (`assets/pve9-schema.json.gz`,
//! extracted from pve-docs) or PVE 8.4's API viewer tree (`assets/pve8-apidata.json.gz`) — with
//! the messages of pve-common's `PVE::JSONSchema`.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use super::Pve;
use crate::names::{is_dns_name, is_node_name, is_storage_id, is_vmid_text};

static SCHEMA_GZ: &[u8] = include_bytes!("../../assets/pve9-schema.json.gz");
/// PVE 8.4's API viewer tree (pve-docs' `apidata.js`): the same method descriptions, nested.
static PVE8_TREE_GZ: &[u8] = include_bytes!("../../assets/pve8-apidata.json.gz");

/// One API method of the schema.
#[derive(Debug)]
pub(crate) struct MethodInfo {
    /// E.g. `/nodes/{node}/tasks/{upid}/status`.
    pub template: String,
    pub info: Value,
}

impl MethodInfo {
    /// `permissions.user = "all"`: any authenticated user may call it, without a privilege.
    pub fn needs_no_privilege(&self) -> bool {
        self.info
            .pointer("/permissions/user")
            .and_then(Value::as_str)
            == Some("all")
    }

    /// Whether an API token may call it.
    pub fn allows_token(&self) -> bool {
        self.info.get("allowtoken").and_then(Value::as_u64) == Some(1)
    }

    /// The privilege check, as PVE words a failed one: `(/, Sys.Audit)`.
    pub fn privilege(&self) -> Option<String> {
        let check = self.info.pointer("/permissions/check")?.as_array()?;
        if check.first()?.as_str()? != "perm" {
            return None;
        }
        let path = check.get(1)?.as_str()?;
        let privileges: Vec<&str> = check
            .get(2)?
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        Some(format!("({path}, {})", privileges.join("|")))
    }
}

struct Schema {
    methods: Vec<(Vec<String>, String, MethodInfo)>,
}

impl Schema {
    fn add(&mut self, template: &str, by_method: &Value) {
        let segments: Vec<String> = split(template).map(str::to_owned).collect();
        for (method, info) in by_method.as_object().into_iter().flatten() {
            self.methods.push((
                segments.clone(),
                method.clone(),
                MethodInfo {
                    template: template.to_owned(),
                    info: info.clone(),
                },
            ));
        }
    }
}

/// The gzipped JSON of an embedded file; `Null` if it does not parse (a broken build, caught by
/// every test).
fn embedded(gz: &[u8]) -> Value {
    let mut json = String::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut json)
        .ok()
        .and_then(|_| serde_json::from_str(&json).ok())
        .unwrap_or(Value::Null)
}

/// The schema of a release: PVE 9's flat `paths`, PVE 8's API viewer tree.
fn schema(pve: Pve) -> &'static Schema {
    static PVE8: OnceLock<Schema> = OnceLock::new();
    static PVE9: OnceLock<Schema> = OnceLock::new();
    match pve {
        Pve::Pve9 => PVE9.get_or_init(|| {
            let mut schema = Schema {
                methods: Vec::new(),
            };
            if let Some(paths) = embedded(SCHEMA_GZ).get("paths").and_then(Value::as_object) {
                for (template, by_method) in paths {
                    schema.add(template, by_method);
                }
            }
            schema
        }),
        Pve::Pve8 => PVE8.get_or_init(|| {
            let mut schema = Schema {
                methods: Vec::new(),
            };
            let mut pending: Vec<Value> = match embedded(PVE8_TREE_GZ) {
                Value::Array(roots) => roots,
                _ => Vec::new(),
            };
            while let Some(mut node) = pending.pop() {
                if let (Some(path), Some(info)) =
                    (node.get("path").and_then(Value::as_str), node.get("info"))
                {
                    schema.add(path, info);
                }
                if let Some(Value::Array(children)) = node.get_mut("children").map(Value::take) {
                    pending.extend(children);
                }
            }
            schema
        }),
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// The method for `method path`, and the values of its path parameters (`{node}` …), decoded.
/// Literal segments win over parameters, as in PVE's router.
pub(crate) fn find(
    pve: Pve,
    method: &str,
    path: &str,
) -> Option<(&'static MethodInfo, BTreeMap<String, String>)> {
    let segments: Vec<String> = split(path)
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let mut best: Option<(usize, &MethodInfo, BTreeMap<String, String>)> = None;
    for (template, verb, info) in &schema(pve).methods {
        if verb != method || template.len() != segments.len() {
            continue;
        }
        let mut params = BTreeMap::new();
        let mut literal = 0;
        let matched = template.iter().zip(&segments).all(|(pattern, segment)| {
            match pattern.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => {
                    params.insert(name.to_owned(), segment.clone());
                    true
                }
                None => {
                    literal += 1;
                    pattern == segment
                }
            }
        });
        if matched && best.as_ref().is_none_or(|(score, _, _)| literal > *score) {
            best = Some((literal, info, params));
        }
    }
    best.map(|(_, info, params)| (info, params))
}

/// PVE's per-parameter errors for `params` (path parameters included); empty when all is well.
pub(crate) fn validate(
    info: &MethodInfo,
    params: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut errors = BTreeMap::new();
    let (properties, additional) = effective_properties(info.info.get("parameters"), params);
    let properties = Some(&properties);
    for (name, value) in params {
        match property(properties, name) {
            Some(schema) => {
                if let Err(message) = check_value(schema, value) {
                    errors.insert(name.clone(), message);
                }
            }
            None if !additional => {
                errors.insert(
                    name.clone(),
                    "property is not defined in schema and the schema does not allow additional properties"
                        .to_owned(),
                );
            }
            None => {}
        }
    }
    for (name, schema) in properties.into_iter().flatten() {
        let optional = schema.get("optional").and_then(Value::as_u64) == Some(1);
        if !optional && !name.contains("[n]") && !params.contains_key(name) {
            errors.insert(
                name.clone(),
                "property is missing and it is not optional".to_owned(),
            );
        }
    }
    errors
}

/// The properties a call may carry, and whether others are allowed. A section-config schema
/// (`allOf` with a `oneOf` chosen by `type-property`, as HA rules have) contributes the common
/// properties, the type property itself, and those of the instance the call's type names.
fn effective_properties(
    parameters: Option<&Value>,
    params: &BTreeMap<String, String>,
) -> (serde_json::Map<String, Value>, bool) {
    let mut properties = serde_json::Map::new();
    let mut additional = true;
    let parts = match parameters
        .and_then(|p| p.get("allOf"))
        .and_then(Value::as_array)
    {
        Some(parts) => parts.iter().collect(),
        None => parameters.into_iter().collect::<Vec<_>>(),
    };
    for part in parts {
        if part.get("additionalProperties").and_then(Value::as_u64) == Some(0) {
            additional = false;
        }
        properties.extend(
            part.get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        let Some(type_property) = part.get("type-property").and_then(Value::as_str) else {
            continue;
        };
        additional = false;
        if let Some(schema) = part.get("type-property-schema") {
            properties.insert(type_property.to_owned(), schema.clone());
        }
        let chosen = params.get(type_property).map(String::as_str);
        let instance = part
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|i| i.get("instance-type").and_then(Value::as_str) == chosen);
        properties.extend(
            instance
                .and_then(|i| i.get("properties"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
    }
    (properties, additional)
}

/// The schema of `name`; `link0` matches `link[n]` (n from 0 to 7, as PVE's corosync links).
fn property<'a>(
    properties: Option<&'a serde_json::Map<String, Value>>,
    name: &str,
) -> Option<&'a Value> {
    let properties = properties?;
    if let Some(schema) = properties.get(name) {
        return Some(schema);
    }
    let digits = name.trim_start_matches(|c: char| !c.is_ascii_digit());
    let stem = name.strip_suffix(digits)?;
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    properties.get(&format!("{stem}[n]"))
}

/// A scalar as `check_prop` checks it (pve-common `src/PVE/JSONSchema.pm`): its type, then its
/// format, pattern, length, range and enumeration, the first failure only.
fn check_value(schema: &Value, value: &str) -> Result<(), String> {
    let kind = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string");
    match kind {
        "boolean" if !matches!(value, "0" | "1") => {
            return Err(format!("type check ('boolean') failed - got '{value}'"));
        }
        "integer" if value.parse::<i64>().is_err() => {
            return Err(format!("type check ('integer') failed - got '{value}'"));
        }
        "number" if value.parse::<f64>().is_err() => {
            return Err(format!("type check ('number') failed - got '{value}'"));
        }
        _ => {}
    }
    check_value_format(schema, value)?;
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
        && !matches_pattern(pattern, value)
    {
        return Err("value does not match the regex pattern".to_owned());
    }
    let length = value.chars().count() as u64;
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
        && length > max
    {
        return Err(format!("value may only be {max} characters long"));
    }
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
        && length < min
    {
        return Err(format!("value must be at least {min} characters long"));
    }
    if let Ok(number) = value.parse::<f64>() {
        check_range(schema, number)?;
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let names: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        if !names.contains(&value) {
            return Err(format!(
                "value '{value}' does not have a value in the enumeration '{}'",
                names.join(", ")
            ));
        }
    }
    Ok(())
}

fn check_range(schema: &Value, number: f64) -> Result<(), String> {
    if let Some(maximum) = schema.get("maximum").and_then(Value::as_f64)
        && number > maximum
    {
        return Err(format!("value must have a maximum value of {maximum}"));
    }
    if let Some(minimum) = schema.get("minimum").and_then(Value::as_f64)
        && number < minimum
    {
        return Err(format!("value must have a minimum value of {minimum}"));
    }
    Ok(())
}

/// A value's `format`: a named one, or a property string's keys.
pub(crate) fn check_value_format(schema: &Value, value: &str) -> Result<(), String> {
    match schema.get("format") {
        Some(Value::String(format)) => check_format(format, value),
        Some(Value::Object(keys)) => check_property_string(keys, value),
        _ => Ok(()),
    }
}

/// PVE anchors every pattern (`^(?:…)$`); Perl's `(?^:…)` is a plain group.
pub(crate) fn matches_pattern(pattern: &str, value: &str) -> bool {
    let pattern = pattern.replace("(?^:", "(?:");
    Regex::new(&format!("^(?:{pattern})$")).is_ok_and(|re| re.is_match(value))
}

/// Every content type a storage may hold (a `dir` storage allows them all).
pub(crate) const STORAGE_CONTENT: [&str; 7] = [
    "images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import",
];

/// The formats the course meets; others are accepted as PVE would accept a well-formed value.
fn check_format(format: &str, value: &str) -> Result<(), String> {
    let invalid = |what: &str| {
        Err(format!(
            "invalid format - value does not look like a valid {what}"
        ))
    };
    match format {
        "pve-node" | "pve-node-list" => {
            let ok = match format {
                "pve-node" => is_node_name(value),
                _ => value
                    .split([',', ';', ' '])
                    .filter(|n| !n.is_empty())
                    .all(is_node_name),
            };
            if ok { Ok(()) } else { invalid("node name") }
        }
        "pve-vmid" => {
            if is_vmid_text(value) {
                Ok(())
            } else {
                invalid("VM ID")
            }
        }
        "pve-userid" => {
            let ok = value.split_once('@').is_some_and(|(name, realm)| {
                !name.is_empty() && name.len() <= 60 && !realm.is_empty()
            });
            if ok { Ok(()) } else { invalid("user name") }
        }
        "pve-realm" => {
            if matches_pattern("[A-Za-z][A-Za-z0-9\\.\\-_]+", value) {
                Ok(())
            } else {
                invalid("realm name")
            }
        }
        "ip" => match value.parse::<std::net::IpAddr>() {
            Ok(_) => Ok(()),
            Err(_) => invalid("IP address"),
        },
        "ipv4" => match value.parse::<std::net::Ipv4Addr>() {
            Ok(_) => Ok(()),
            Err(_) => invalid("IPv4 address"),
        },
        "ipv6" => match value.parse::<std::net::Ipv6Addr>() {
            Ok(_) => Ok(()),
            Err(_) => invalid("IPv6 address"),
        },
        // `pve_verify_cidrv4`: a prefix of 8 to 32; `pve_verify_cidr`: IPv4 or IPv6 (8 to 128).
        "CIDRv4" | "CIDR" => {
            let fits = value.split_once('/').is_some_and(|(address, prefix)| {
                let prefix: Option<u8> = prefix
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| prefix.parse().ok())
                    .flatten();
                match (address.parse::<std::net::IpAddr>(), prefix) {
                    (Ok(std::net::IpAddr::V4(_)), Some(p)) => (8..=32).contains(&p),
                    (Ok(std::net::IpAddr::V6(_)), Some(p)) => {
                        format == "CIDR" && (8..=128).contains(&p)
                    }
                    _ => false,
                }
            });
            match (fits, format) {
                (true, _) => Ok(()),
                (false, "CIDRv4") => invalid("IPv4 CIDR network"),
                (false, _) => invalid("CIDR network"),
            }
        }
        // `$CONFIGID_RE`.
        "pve-configid" => match matches_pattern("(?i)[a-z][a-z0-9_-]+", value) {
            true => Ok(()),
            false => Err(format!(
                "invalid format - invalid configuration ID '{value}'"
            )),
        },
        // `pve_verify_mac_addr`: unicast only (the I/G bit clear).
        "mac-addr" => match matches_pattern("(?i)[a-f0-9][02468ace](?::[a-f0-9]{2}){5}", value) {
            true => Ok(()),
            false => invalid("unicast MAC address"),
        },
        "dns-name" => match is_dns_name(value) {
            true => Ok(()),
            false => invalid("DNS name"),
        },
        "pve-iface" => match matches_pattern("(?i)[a-z][a-z0-9_]{1,20}([:.]\\d+)?", value) {
            true => Ok(()),
            false => Err(format!(
                "invalid format - invalid network interface name '{value}'"
            )),
        },
        // `parse_size`.
        "disk-size" => match matches_pattern("\\d+(\\.\\d+)?([KMGT](?:iB)?)?", value) {
            true => Ok(()),
            false => Err(format!(
                "invalid format - value does not look like a valid disk size: {value}"
            )),
        },
        // `parse_id`: the length first, then the characters.
        "pve-storage-id" if value.len() < 2 => Err(format!(
            "invalid format - storage ID '{value}' cannot be shorter than 2 characters"
        )),
        "pve-storage-id" => {
            if is_storage_id(value) {
                Ok(())
            } else {
                Err(format!(
                    "invalid format - storage ID '{value}' contains illegal characters"
                ))
            }
        }
        "pve-storage-server" => {
            let ok = value.parse::<std::net::IpAddr>().is_ok()
                || matches_pattern("[a-zA-Z0-9]([a-zA-Z0-9\\-\\.]*[a-zA-Z0-9])?", value);
            if ok {
                Ok(())
            } else {
                invalid("server name or IP address")
            }
        }
        "pve-storage-path" => {
            if value.starts_with('/') && value.len() > 1 && !value.contains([';', '(', ')']) {
                Ok(())
            } else {
                invalid("absolute path")
            }
        }
        "pve-storage-content" | "pve-storage-content-list" => value
            .split([',', ';', ' '])
            .filter(|c| !c.is_empty())
            .find(|c| !STORAGE_CONTENT.contains(c))
            .map_or(Ok(()), |c| {
                Err(format!("invalid format - invalid content type '{c}'"))
            }),
        "pve-storage-options" => {
            if !value.is_empty() && !value.contains(char::is_whitespace) {
                Ok(())
            } else {
                Err(format!("invalid format - invalid options '{value}'"))
            }
        }
        "pve-calendar-event" => value
            .parse::<crate::calendar::CalendarEvent>()
            .map(|_| ())
            .map_err(|e| format!("invalid format - invalid calendar event '{value}' - {e}")),
        "address" => {
            let ok = value.parse::<std::net::IpAddr>().is_ok()
                || matches_pattern("[a-zA-Z0-9]([a-zA-Z0-9\\-\\.]*[a-zA-Z0-9])?", value);
            if ok { Ok(()) } else { invalid("address") }
        }
        _ => Ok(()),
    }
}

/// A property string such as `link0=address=10.0.0.1,priority=10` (or `10.0.0.1` for its default key).
fn check_property_string(keys: &serde_json::Map<String, Value>, value: &str) -> Result<(), String> {
    let default_key = keys
        .iter()
        .find(|(_, schema)| schema.get("default_key").and_then(Value::as_u64) == Some(1))
        .map(|(name, _)| name.as_str());
    for part in value.split(',').filter(|p| !p.is_empty()) {
        let (key, item) = match part.split_once('=') {
            Some((key, item)) => (key, item),
            None => match default_key {
                Some(key) => (key, part),
                None => {
                    return Err(
                        "invalid format - value without key, but schema does not define a default key"
                            .to_owned(),
                    );
                }
            },
        };
        let Some(schema) = keys.get(key) else {
            return Err(format!(
                "invalid format - property '{key}' not defined in format"
            ));
        };
        check_value(schema, item)
            .map_err(|message| format!("invalid format - {key}: {message}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn finds_methods_and_decodes_path_parameters() {
        let (info, path) = find(
            Pve::Pve9,
            "GET",
            "/nodes/pve1/tasks/UPID%3Apve1%3A00001A2B%3A0001E240%3A64E10CBA%3Aclustercreate%3Aescola%3Aroot%40pam%3A/status",
        )
        .unwrap();
        assert_eq!(info.template, "/nodes/{node}/tasks/{upid}/status");
        assert_eq!(
            path["upid"],
            "UPID:pve1:00001A2B:0001E240:64E10CBA:clustercreate:escola:root@pam:"
        );
        let (join, _) = find(Pve::Pve9, "GET", "/cluster/config/join").unwrap();
        assert_eq!(
            join.template, "/cluster/config/join",
            "a literal segment beats {{node}}"
        );
        assert!(find(Pve::Pve9, "GET", "/no/such/thing").is_none());
    }

    #[test]
    fn validates_like_pve() {
        let (create, _) = find(Pve::Pve9, "POST", "/cluster/config").unwrap();
        assert!(validate(create, &params(&[("clustername", "escola")])).is_empty());
        assert!(
            validate(
                create,
                &params(&[("clustername", "escola"), ("link0", "10.0.0.1")])
            )
            .is_empty()
        );
        let errors = validate(
            create,
            &params(&[("clustername", "aula 3"), ("colour", "red")]),
        );
        assert_eq!(
            errors["clustername"],
            "invalid format - value does not look like a valid node name"
        );
        assert!(errors["colour"].starts_with("property is not defined in schema"));
        let errors = validate(create, &params(&[("clustername", "unnomdemassallarg")]));
        assert_eq!(
            errors["clustername"],
            "value may only be 15 characters long"
        );
        let errors = validate(create, &params(&[]));
        assert_eq!(
            errors["clustername"],
            "property is missing and it is not optional"
        );
        let (join, _) = find(Pve::Pve9, "POST", "/cluster/config/join").unwrap();
        let errors = validate(
            join,
            &params(&[
                ("hostname", "10.0.0.1"),
                ("fingerprint", "AB:CD"),
                ("password", "x"),
                ("force", "true"),
            ]),
        );
        assert_eq!(
            errors["fingerprint"],
            "value does not match the regex pattern"
        );
        assert_eq!(
            errors["force"],
            "type check ('boolean') failed - got 'true'"
        );
    }

    #[test]
    fn rules_are_validated_by_their_type() {
        let (create, _) = find(Pve::Pve9, "POST", "/cluster/ha/rules").unwrap();
        let node_affinity = params(&[
            ("rule", "tiny"),
            ("type", "node-affinity"),
            ("resources", "vm:100"),
            ("nodes", "pve1,pve2"),
        ]);
        assert!(validate(create, &node_affinity).is_empty());
        let errors = validate(
            create,
            &params(&[("rule", "tiny"), ("resources", "vm:100")]),
        );
        assert_eq!(errors["type"], "property is missing and it is not optional");
        let errors = validate(
            create,
            &params(&[
                ("rule", "tiny"),
                ("type", "resource-affinity"),
                ("resources", "vm:100"),
                ("nodes", "pve1"),
            ]),
        );
        assert!(
            errors["nodes"].starts_with("property is not defined"),
            "{errors:?}"
        );
        assert_eq!(
            errors["affinity"],
            "property is missing and it is not optional"
        );
        assert!(
            find(Pve::Pve8, "POST", "/cluster/ha/rules").is_none(),
            "PVE 8 has no rules"
        );
        let (group, _) = find(Pve::Pve8, "POST", "/cluster/ha/groups").unwrap();
        assert!(
            validate(
                group,
                &params(&[("group", "tiny"), ("nodes", "pve1:2,pve2")])
            )
            .is_empty()
        );
        let (resource, _) = find(Pve::Pve8, "POST", "/cluster/ha/resources").unwrap();
        let errors = validate(resource, &params(&[("sid", "vm:100"), ("failback", "0")]));
        assert!(
            errors["failback"].starts_with("property is not defined"),
            "PVE 8 has no failback"
        );
    }
}
