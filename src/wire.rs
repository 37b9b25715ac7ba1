//! Request and response types exactly as the restJson1 wire carries them, and the request
//! decoder that turns a body into a request while naming the member at fault (R-REQ-1).

use crate::error::{Error, ErrorKind, echo};
use crate::job::ServiceJobSummary;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// One entry of `filters` (`KeyValuesPair` in the model).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyValuesPair {
    /// The filter name, for example `JOB_NAME`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The filter values; exactly one is accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

impl KeyValuesPair {
    /// A filter entry with one value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        KeyValuesPair {
            name: Some(name.into()),
            values: Some(vec![value.into()]),
        }
    }
}

/// The body of `POST /v1/listservicejobs` (`ListServiceJobsRequest`). Every member is optional
/// on the wire; [`Query::from_request`](crate::Query::from_request) decides what is valid.
///
/// Deserializing it with serde applies the same checks as [`decode_request`]; use
/// `decode_request` to keep the [`Error`] (and its exact message) rather than the
/// deserializer's error type.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListServiceJobsRequest {
    /// Name or ARN of the queue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_queue: Option<String>,
    /// The status to list, as the wire spells it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_status: Option<String>,
    /// Page size, 1 to 100. Kept as `i64` so an out-of-range value is reported as such.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    /// The token of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// At most one filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<KeyValuesPair>>,
}

/// The body of a `ListServiceJobs` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListServiceJobsResponse {
    /// The jobs of this page, in result order.
    pub job_summary_list: Vec<ServiceJobSummary>,
    /// The token of the next page; left out when there is none (R-PAGE-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// A JSON value as read, before the request's types are imposed, so that type errors can
/// name the member instead of surfacing as a parser error.
#[derive(Debug)]
enum Raw {
    Null,
    Bool,
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    List(Vec<Raw>),
    Object(Vec<(String, Raw)>),
}

impl Raw {
    fn kind(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool => "a boolean",
            Raw::Int(_) | Raw::UInt(_) => "an integer",
            Raw::Float(_) => "a non-integer number",
            Raw::Str(_) => "a string",
            Raw::List(_) => "a list",
            Raw::Object(_) => "an object",
        }
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Bool)
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::UInt(v), Raw::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Raw>()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Raw>()?;
            members.push((key, value));
        }
        Ok(Raw::Object(members))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// Reads an object's members, rejecting a member given twice (R-REQ-1). JSON `null` counts
/// as absent: `{"jobStatus": null}` is `{}`.
fn members(raw: Vec<(String, Raw)>, path: &str) -> Result<Vec<(String, Raw)>, Error> {
    // A set, not a list scan: a body of a million distinct unknown members must not cost
    // a quadratic number of comparisons. Ordered, so no hasher keys are drawn (sans-IO).
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (key, _) in &raw {
        if !seen.insert(key) {
            let member = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            return Err(Error::duplicate_member(&member));
        }
    }
    Ok(raw
        .into_iter()
        .filter(|(_, v)| !matches!(v, Raw::Null))
        .collect())
}

fn string(raw: Raw, path: &str) -> Result<String, Error> {
    match raw {
        Raw::Str(s) => Ok(s),
        other => Err(Error::wrong_type(path, "a string", other.kind())),
    }
}

fn filter_entry(raw: Raw, path: String) -> Result<KeyValuesPair, Error> {
    let Raw::Object(fields) = raw else {
        return Err(Error::wrong_type(
            path,
            "an object with name and values",
            raw.kind(),
        ));
    };
    let mut pair = KeyValuesPair::default();
    for (key, value) in members(fields, &path)? {
        match key.as_str() {
            "name" => pair.name = Some(string(value, &format!("{path}.name"))?),
            "values" => {
                let values_path = format!("{path}.values");
                let Raw::List(items) = value else {
                    return Err(Error::wrong_type(
                        values_path,
                        "a list of strings",
                        value.kind(),
                    ));
                };
                let values = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| string(item, &format!("{values_path}[{i}]")))
                    .collect::<Result<_, _>>()?;
                pair.values = Some(values);
            }
            _ => {} // unknown members are ignored, as at the top level (R-REQ-1)
        }
    }
    Ok(pair)
}

fn request_from_raw(raw: Raw) -> Result<ListServiceJobsRequest, Error> {
    let Raw::Object(fields) = raw else {
        return Err(Error::new(ErrorKind::BodyNotAnObject(raw.kind())));
    };
    let mut request = ListServiceJobsRequest::default();
    for (key, value) in members(fields, "")? {
        match key.as_str() {
            "jobQueue" => request.job_queue = Some(string(value, "jobQueue")?),
            "jobStatus" => request.job_status = Some(string(value, "jobStatus")?),
            "nextToken" => request.next_token = Some(string(value, "nextToken")?),
            "maxResults" => {
                request.max_results = Some(match value {
                    Raw::Int(n) => n,
                    Raw::UInt(n) => {
                        return Err(Error::new(ErrorKind::MaxResultsOutOfRange(n.to_string())));
                    }
                    // JSON parsers read integers past 2^64 as floats: still an integer, and
                    // out of range, not "a non-integer number".
                    Raw::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() >= 9.2e18 => {
                        let digits = echo(&format!("{f:.0}"));
                        return Err(Error::new(ErrorKind::MaxResultsOutOfRange(digits)));
                    }
                    other => {
                        return Err(Error::wrong_type(
                            "maxResults",
                            "an integer from 1 to 100",
                            other.kind(),
                        ));
                    }
                })
            }
            "filters" => {
                let Raw::List(items) = value else {
                    return Err(Error::wrong_type(
                        "filters",
                        "a list of filters",
                        value.kind(),
                    ));
                };
                let filters = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| filter_entry(item, format!("filters[{i}]")))
                    .collect::<Result<_, _>>()?;
                request.filters = Some(filters);
            }
            // Unknown members are ignored, as AWS's JSON protocols do, so newer clients that
            // send members of a newer model still work (R-REQ-1).
            _ => {}
        }
    }
    Ok(request)
}

/// The bytes an endpoint decodes as the request, from the body it received: an empty or
/// all-whitespace body is `{}`, since restJson1 clients may omit the body of an input whose
/// members are all absent (R-REQ-1); the request is then refused for its missing `jobQueue`.
///
/// ```
/// assert_eq!(batchlist::request_body(b" \r\n"), b"{}");
/// assert_eq!(batchlist::request_body(b"{\"jobQueue\": \"q\"}"), b"{\"jobQueue\": \"q\"}");
/// ```
pub fn request_body(body: &[u8]) -> &[u8] {
    if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    }
}

/// Decodes a request body from any serde deserializer (for example
/// `serde_json::Deserializer::from_slice(body)`), keeping batchlist's [`Error`]:
/// syntax errors become "The request body is not valid JSON: ...", and members of the wrong
/// type, duplicated members, or a body that is not an object get a message naming the
/// member (R-REQ-1). Only the shape is checked here; [`Query::from_request`] checks values.
///
/// With serde_json, call `Deserializer::end` afterwards to reject trailing characters.
///
/// [`Query::from_request`]: crate::Query::from_request
pub fn decode_request<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<ListServiceJobsRequest, Error> {
    let raw = Raw::deserialize(deserializer).map_err(Error::malformed_body)?;
    request_from_raw(raw)
}

impl<'de> Deserialize<'de> for ListServiceJobsRequest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Raw::deserialize(d)?;
        request_from_raw(raw).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for KeyValuesPair {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Raw::deserialize(d)?;
        filter_entry(raw, "filters[0]".into()).map_err(de::Error::custom)
    }
}
