//! The Discord HTTP API specification (tests/fixtures/platform-specs/, copied from the workspace's ../shared/platform-specs/;
//! discord-openapi.json) as the fake uses it: which route and method exist,
//! and whether a request body fits the route's schema (required fields,
//! types, lengths, enums, unknown fields where the schema forbids them).

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::{Map, Value};

/// (template segments, method, request schema)
type Route = (Vec<String>, String, Option<Value>);

pub struct Spec {
    root: Value,
    routes: Vec<Route>,
}

pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/platform-specs/discord-openapi.json")
}

impl Spec {
    pub fn load() -> Spec {
        let root: Value = serde_json::from_str(&std::fs::read_to_string(spec_path()).expect("discord-openapi.json"))
            .expect("the Discord spec is JSON");
        let mut routes = Vec::new();
        for (path, item) in root["paths"].as_object().expect("paths") {
            let segments = path.trim_matches('/').split('/').map(str::to_string).collect::<Vec<_>>();
            for (method, op) in item.as_object().expect("path item") {
                if method == "parameters" {
                    continue;
                }
                let schema = op["requestBody"]["content"]["application/json"]["schema"].clone();
                let schema = (!schema.is_null()).then_some(schema);
                routes.push((segments.clone(), method.to_ascii_uppercase(), schema));
            }
        }
        Spec { root, routes }
    }

    /// The route template (`/channels/{channel_id}/messages`) of a real
    /// path, and its request schema; `None` if Discord has no such route.
    pub fn route(&self, method: &str, path: &str) -> Option<(String, Option<Value>)> {
        let actual: Vec<&str> = path.trim_matches('/').split('/').collect();
        // Literal segments beat parameters (`/users/@me` before `/users/{user_id}`).
        let mut best: Option<(usize, &Route)> = None;
        for route in &self.routes {
            let (segments, m, _) = route;
            if m != method || segments.len() != actual.len() {
                continue;
            }
            let mut literal = 0;
            let matches = segments.iter().zip(&actual).all(|(s, a)| {
                if s.starts_with('{') {
                    !a.is_empty()
                } else {
                    literal += 1;
                    s == a
                }
            });
            if matches && best.is_none_or(|(l, _)| literal > l) {
                best = Some((literal, route));
            }
        }
        best.map(|(_, (segments, _, schema))| (format!("/{}", segments.join("/")), schema.clone()))
    }

    /// Problems of `value` against `schema`, as `path: problem` lines.
    pub fn check(&self, schema: &Value, value: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        self.walk(schema, value, "body", &mut problems, 0);
        problems
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/")) {
            Some(pointer) => self.root.pointer(&format!("/{pointer}")).unwrap_or(&Value::Null),
            None => schema,
        }
    }

    fn walk(&self, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>, depth: usize) {
        if depth > 24 {
            return;
        }
        let schema = self.resolve(schema);
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = schema[key].as_array() {
                let fits = variants.iter().any(|v| {
                    let mut sub = Vec::new();
                    self.walk(v, value, at, &mut sub, depth + 1);
                    sub.is_empty()
                });
                if !fits {
                    out.push(format!("{at}: fits none of the {} allowed shapes", variants.len()));
                }
            }
        }
        if let Some(all) = schema["allOf"].as_array() {
            for s in all {
                self.walk(s, value, at, out, depth + 1);
            }
        }
        if let Some(allowed) = schema["enum"].as_array() {
            if !allowed.contains(value) {
                out.push(format!("{at}: {value} is not one of {allowed:?}"));
            }
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() && !types.iter().any(|t| type_fits(t, value, schema)) {
            out.push(format!("{at}: {value} is not {}", types.join(" or ")));
            return;
        }
        match value {
            Value::String(s) => {
                if let Some(max) = schema["maxLength"].as_u64() {
                    if s.chars().count() as u64 > max {
                        out.push(format!("{at}: longer than {max} characters"));
                    }
                }
            }
            Value::Array(items) => {
                if let Some(max) = schema["maxItems"].as_u64() {
                    if items.len() as u64 > max {
                        out.push(format!("{at}: more than {max} items"));
                    }
                }
                if schema.get("items").is_some() {
                    for (i, item) in items.iter().enumerate() {
                        self.walk(&schema["items"], item, &format!("{at}[{i}]"), out, depth + 1);
                    }
                }
            }
            Value::Object(map) => self.walk_object(schema, map, at, out, depth),
            _ => {}
        }
    }

    fn walk_object(&self, schema: &Value, map: &Map<String, Value>, at: &str, out: &mut Vec<String>, depth: usize) {
        for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !map.contains_key(required) {
                out.push(format!("{at}: {required} is required"));
            }
        }
        let properties = schema["properties"].as_object();
        for (key, item) in map {
            match properties.and_then(|p| p.get(key)) {
                Some(property) => self.walk(property, item, &format!("{at}.{key}"), out, depth + 1),
                None if schema["additionalProperties"] == Value::Bool(false) => {
                    out.push(format!("{at}: unknown field {key}"))
                }
                None => {}
            }
        }
    }
}

fn type_fits(ty: &str, value: &Value, schema: &Value) -> bool {
    match ty {
        "null" => value.is_null(),
        // Discord takes snowflakes as strings or numbers.
        "string" if schema["format"] == "snowflake" => {
            value.as_str().is_some_and(|s| s.chars().all(|c| c.is_ascii_digit())) || value.is_u64()
        }
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}
