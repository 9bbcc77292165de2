//! The lab's answers checked against the `returns` schema of their method, by the rules of
//! pve-common's `PVE::JSONSchema::validate` (`check_prop`, `check_type`, `check_object`), so that
//! a wrong shape fails a test of ours, not a teacher's real cluster. Perl's values are text: an
//! `integer` may come as `"1"`, a `boolean` as `0`/`1` (or JSON's own), as real PVE sends them.
//! Formats are checked as requests' are (`schema::check_value_format`); `allOf`/`oneOf`
//! alternatives are not. Two things real PVE does against
//! its own schemas are allowed: a method's code may return nothing (`undef`, e.g. the totem of a
//! standalone node), and a property string may come parsed, as an object (`ha` of
//! `/cluster/options`, which pve-cluster's datacenter.cfg parser returns as a hash).

use serde_json::Value;

/// What in `data` does not match `schema`, one line each (`path: problem`).
pub(crate) fn check(schema: &Value, data: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    if !data.is_null() {
        check_prop(Some(data), schema, "", &mut errors);
    }
    errors
}

fn check_prop(value: Option<&Value>, schema: &Value, path: &str, errors: &mut Vec<String>) {
    let mut error = |message: String| errors.push(format!("{}: {message}", shown(path)));
    let value = match value {
        None | Some(Value::Null) => {
            let optional = schema.get("optional").and_then(Value::as_u64) == Some(1)
                || schema.get("type").and_then(Value::as_str) == Some("null");
            if !optional && schema.get("type").is_some() {
                error("property is missing and it is not optional".to_owned());
            }
            return;
        }
        Some(value) => value,
    };
    let parsed_property_string = value.is_object()
        && schema.get("type").and_then(Value::as_str) == Some("string")
        && schema.get("format").is_some_and(Value::is_object);
    if parsed_property_string {
        return;
    }
    if let Err(message) = check_type(schema.get("type"), value) {
        error(message);
        return;
    }
    match value {
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items").filter(|s| s.is_object()) {
                for (index, item) in items.iter().enumerate() {
                    check_prop(Some(item), item_schema, &format!("{path}[{index}]"), errors);
                }
            }
        }
        Value::Object(object) => check_object(object, schema, path, errors),
        scalar => {
            if let Err(message) = check_scalar(schema, &text(scalar)) {
                error(message);
            }
        }
    }
}

fn check_object(
    object: &serde_json::Map<String, Value>,
    schema: &Value,
    path: &str,
    errors: &mut Vec<String>,
) {
    let properties = schema.get("properties").and_then(Value::as_object);
    let additional = schema.get("additionalProperties").and_then(Value::as_u64);
    if properties.is_none() && additional.is_none() {
        return;
    }
    let join = |key: &str| match path {
        "" => key.to_owned(),
        _ => format!("{path}.{key}"),
    };
    for (key, property) in properties.into_iter().flatten() {
        check_prop(object.get(key), property, &join(key), errors);
    }
    if additional == Some(0) {
        for key in object.keys() {
            if !properties.is_some_and(|p| p.contains_key(key)) {
                errors.push(format!(
                    "{}: property is not defined in schema and the schema does not allow additional properties",
                    join(key)
                ));
            }
        }
    }
}

/// `check_type`: the value's kind, with Perl's textual scalars.
fn check_type(kind: Option<&Value>, value: &Value) -> Result<(), String> {
    match kind {
        None => Ok(()),
        Some(Value::Array(kinds)) => {
            let any = kinds.iter().any(|k| check_type(Some(k), value).is_ok());
            let names: Vec<&str> = kinds.iter().filter_map(Value::as_str).collect();
            any.then_some(())
                .ok_or_else(|| format!("type check ('{}') failed", names.join("|")))
        }
        Some(Value::String(kind)) => {
            let text = text(value);
            let fits = match kind.as_str() {
                "array" => value.is_array(),
                "object" => value.is_object(),
                "null" => value.is_null(),
                "boolean" => value.is_boolean() || matches!(text.as_str(), "0" | "1"),
                "integer" => !value.is_array() && !value.is_object() && is_integer(&text),
                "number" => !value.is_array() && !value.is_object() && text.parse::<f64>().is_ok(),
                "string" => !value.is_array() && !value.is_object(),
                _ => true,
            };
            fits.then_some(())
                .ok_or_else(|| format!("type check ('{kind}') failed - got {value}"))
        }
        Some(_) => Ok(()),
    }
}

/// `enum`, `pattern`, `minimum`/`maximum`, `maxLength` and `format` of a scalar.
fn check_scalar(schema: &Value, text: &str) -> Result<(), String> {
    if let Some(choices) = schema.get("enum").and_then(Value::as_array)
        && !choices.iter().any(|c| c.as_str() == Some(text))
    {
        return Err(format!(
            "value '{text}' does not have a value in the enumeration"
        ));
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
        && !super::schema::matches_pattern(pattern, text)
    {
        return Err(format!("value '{text}' does not match the regex pattern"));
    }
    if let Ok(number) = text.parse::<f64>() {
        if schema
            .get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| number < m)
        {
            return Err(format!(
                "value '{text}' must have a minimum value of {}",
                schema["minimum"]
            ));
        }
        if schema
            .get("maximum")
            .and_then(Value::as_f64)
            .is_some_and(|m| number > m)
        {
            return Err(format!(
                "value '{text}' must have a maximum value of {}",
                schema["maximum"]
            ));
        }
    }
    if schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .is_some_and(|max| text.chars().count() as u64 > max)
    {
        return Err(format!("value '{text}' is too long"));
    }
    super::schema::check_value_format(schema, text)
        .map_err(|message| format!("'{text}': {message}"))
}

/// A scalar as Perl sees it.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(flag) => u8::from(*flag).to_string(),
        other => other.to_string(),
    }
}

/// pve-common's `is_integer`: an optional sign and digits.
fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn shown(path: &str) -> &str {
    if path.is_empty() { "(answer)" } else { path }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn perl_scalars_and_shapes() {
        let schema = json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "nodeid": {"type": "integer"},
                    "online": {"type": "boolean", "optional": 1},
                    "type": {"type": "string", "enum": ["cluster", "node"]},
                },
            },
        });
        let good =
            json!([{"nodeid": "1", "online": 1, "type": "node"}, {"nodeid": 2, "type": "cluster"}]);
        assert_eq!(check(&schema, &good), Vec::<String>::new());
        let bad = json!([{"online": "yes", "type": "vm"}]);
        assert_eq!(
            check(&schema, &bad),
            [
                "[0].nodeid: property is missing and it is not optional",
                "[0].online: type check ('boolean') failed - got \"yes\"",
                "[0].type: value 'vm' does not have a value in the enumeration",
            ]
        );
        let closed = json!({"type": "object", "additionalProperties": 0, "properties": {"a": {"type": "string"}}});
        assert_eq!(
            check(&closed, &json!({"a": "x", "b": 1})),
            [
                "b: property is not defined in schema and the schema does not allow additional properties"
            ]
        );
        assert_eq!(
            check(&json!({"type": "null"}), &json!(null)),
            Vec::<String>::new()
        );
        let property_string = json!({"type": "object", "properties": {"ha": {"type": "string", "format": {"shutdown_policy": {"type": "string"}}}}});
        assert_eq!(
            check(
                &property_string,
                &json!({"ha": {"shutdown_policy": "migrate"}})
            ),
            Vec::<String>::new()
        );
        let formats = json!({"type": "object", "properties": {
            "node": {"type": "string", "format": "pve-node"},
            "net0": {"type": "string", "optional": 1, "format": {
                "model": {"type": "string", "default_key": 1, "enum": ["virtio", "e1000"]},
                "bridge": {"type": "string", "optional": 1},
            }},
        }});
        assert_eq!(
            check(
                &formats,
                &json!({"node": "pve1", "net0": "virtio,bridge=vmbr0"})
            ),
            Vec::<String>::new()
        );
        let [node, net0] = <[String; 2]>::try_from(check(
            &formats,
            &json!({"node": "pve_1", "net0": "virtio,mtu=9000"}),
        ))
        .unwrap();
        assert!(node.starts_with("node: 'pve_1': invalid format"), "{node}");
        assert!(
            net0.contains("property 'mtu' not defined in format"),
            "{net0}"
        );
    }
}
