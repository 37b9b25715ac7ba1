//! What the aws cli prints: `--output json` and `--output text`, and `--query` (JMESPath)
//! applied where the aws cli applies it. Ported from awscli 1.46.3's `formatter.py` and
//! `text.py`:
//!
//! - json: the query is applied to the whole result (botocore's `build_full_result`, every
//!   page merged, `NextToken` included), then printed with `json.dumps(indent=4,
//!   ensure_ascii=False)`; a result of `{}` prints nothing.
//! - text: a paginated result is printed page by page, the query applied to each page on its
//!   own (so `--query 'jobSummaryList[].jobId'` prints one line per page), then to
//!   `{"NextToken": {"NextToken": TOKEN}}` when the walk was cut. A single call (with
//!   `--no-paginate`) is printed whole, the query applied once.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A compiled `--query`, with what is needed to print its results in the aws cli's key
/// order (Python dicts keep their order; this crate's JMESPath objects are sorted maps).
pub struct Query {
    expression: jmespath::Expression<'static>,
    /// The keys of each multi-select hash (`{id: jobId, name: jobName}`) in the expression,
    /// in the order written: Python builds those objects in that order.
    hash_orders: Vec<Vec<String>>,
}

impl Query {
    /// Compiles `--query`; the error is the aws cli's wording with this parser's detail.
    pub fn compile(text: &str) -> Result<Query, String> {
        let expression = jmespath::compile(&legacy_literals(text)).map_err(|e| {
            format!("Bad value for --query {text}: Invalid jmespath expression: {e}")
        })?;
        let mut hash_orders = Vec::new();
        collect_hash_orders(expression.as_ast(), &mut hash_orders);
        Ok(Query {
            expression,
            hash_orders,
        })
    }

    /// The query's result on `data`, with every object's keys in the order Python would
    /// hold them: a multi-select hash in the order written, an object of `data` in its own
    /// order (`order`, read from the wire types, which write the model's member order).
    pub fn search(&self, data: &Value, order: &KeyOrders) -> Result<Node, String> {
        let result = self
            .expression
            .search(data)
            .map_err(|e| format!("Bad value for --query: {e}"))?;
        let value = serde_json::to_value(&*result).map_err(|e| e.to_string())?;
        Ok(Node::ordered(value, &|keys| {
            self.hash_orders
                .iter()
                .find(|hash| {
                    let mut sorted: Vec<&str> = hash.iter().map(String::as_str).collect();
                    sorted.sort_unstable();
                    sorted.dedup();
                    sorted == keys
                })
                .or_else(|| order.get(keys))
        }))
    }
}

/// A JSON value whose objects keep an order, as Python's dicts do.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A string, number, boolean or null.
    Scalar(Value),
    /// A list.
    List(Vec<Node>),
    /// An object, its members in order.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// `value` with each object's keys in the order `order_of(sorted keys)` gives, or sorted.
    fn ordered<'o>(value: Value, order_of: &dyn Fn(&[&str]) -> Option<&'o Vec<String>>) -> Node {
        match value {
            Value::Array(items) => Node::List(
                items
                    .into_iter()
                    .map(|v| Node::ordered(v, order_of))
                    .collect(),
            ),
            Value::Object(mut map) => {
                // serde_json's Map is sorted by key.
                let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                let ordered: Vec<String> = match order_of(&keys) {
                    Some(order) => order.clone(),
                    None => keys.iter().map(|k| (*k).to_owned()).collect(),
                };
                Node::Object(
                    ordered
                        .into_iter()
                        .filter_map(|k| {
                            let v = map.remove(&k)?;
                            Some((k, Node::ordered(v, order_of)))
                        })
                        .collect(),
                )
            }
            scalar => Node::Scalar(scalar),
        }
    }

    /// `value` as it is (objects sorted by key, which is all `--output text` needs).
    pub fn from_value(value: Value) -> Node {
        Node::ordered(value, &|_| None)
    }

    fn is_scalar(&self) -> bool {
        matches!(self, Node::Scalar(_))
    }
}

impl Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Scalar(v) => v.serialize(s),
            Node::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Python's jmespath (which the aws cli uses) still reads a backtick literal that is not
/// JSON, such as `` `RUNNING` ``, as a string (deprecated, with a warning); the JMESPath
/// specification and this crate do not. Such literals are rewritten as JSON strings first, so
/// the queries aws cli users write work the same.
fn legacy_literals(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut rest = expression;
    while let Some(c) = rest.chars().next() {
        match c {
            // Raw strings and quoted identifiers may hold backticks: copy them whole.
            '\'' | '"' => {
                let end = closing(&rest[1..], c).map_or(rest.len(), |i| i + 2);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            '`' => {
                let Some(len) = closing(&rest[1..], '`') else {
                    out.push_str(rest); // unterminated: let the parser report it
                    break;
                };
                let lexeme = rest[1..1 + len].replace("\\`", "`");
                if serde_json::from_str::<Value>(&lexeme).is_ok() {
                    out.push_str(&rest[..len + 2]);
                } else {
                    let as_string = Value::String(lexeme.trim_start().to_owned()).to_string();
                    out.push('`');
                    out.push_str(&as_string.replace('`', "\\`"));
                    out.push('`');
                }
                rest = &rest[len + 2..];
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// The byte length of `text` up to its first `close` not escaped by a backslash.
fn closing(text: &str, close: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == close => return Some(i),
            _ => {}
        }
    }
    None
}

fn collect_hash_orders(ast: &jmespath::ast::Ast, out: &mut Vec<Vec<String>>) {
    use jmespath::ast::Ast;
    match ast {
        Ast::MultiHash { elements, .. } => {
            out.push(elements.iter().map(|kv| kv.key.clone()).collect());
            for kv in elements {
                collect_hash_orders(&kv.value, out);
            }
        }
        Ast::Comparison { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. } => {
            collect_hash_orders(lhs, out);
            collect_hash_orders(rhs, out);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            collect_hash_orders(predicate, out);
            collect_hash_orders(then, out);
        }
        Ast::Expref { ast, .. }
        | Ast::Flatten { node: ast, .. }
        | Ast::Not { node: ast, .. }
        | Ast::ObjectValues { node: ast, .. } => collect_hash_orders(ast, out),
        Ast::Function { args, .. } => args.iter().for_each(|a| collect_hash_orders(a, out)),
        Ast::MultiList { elements, .. } => {
            elements.iter().for_each(|a| collect_hash_orders(a, out));
        }
        Ast::Identity { .. }
        | Ast::Field { .. }
        | Ast::Index { .. }
        | Ast::Literal { .. }
        | Ast::Slice { .. } => {}
    }
}

/// The key order of every object of a document, by its key set: objects serialized from one
/// wire type with the same members present have their keys in one order.
#[derive(Default)]
pub struct KeyOrders(BTreeMap<Vec<String>, Vec<String>>);

impl KeyOrders {
    fn get(&self, sorted_keys: &[&str]) -> Option<&Vec<String>> {
        let key: Vec<String> = sorted_keys.iter().map(|k| (*k).to_owned()).collect();
        self.0.get(&key)
    }

    /// Reads the order of every object of `value`, serialized with serde (whose maps keep
    /// the order the wire types write).
    pub fn of<T: Serialize>(value: &T) -> Result<KeyOrders, String> {
        let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
        let mut orders = KeyOrders::default();
        let mut de = serde_json::Deserializer::from_str(&text);
        serde::de::DeserializeSeed::deserialize(Recorder(&mut orders), &mut de)
            .map_err(|e| e.to_string())?;
        Ok(orders)
    }
}

/// Walks any JSON and records each object's keys in the order read.
struct Recorder<'a>(&'a mut KeyOrders);

impl<'de> serde::de::DeserializeSeed<'de> for Recorder<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Recorder<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Recorder(&mut *self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(Recorder(&mut *self.0))?;
            keys.push(key);
        }
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        self.0.0.entry(sorted).or_insert(keys);
        Ok(())
    }
}

/// `json.dumps(value, indent=4, ensure_ascii=False)` and a newline; nothing for `{}`, as the
/// aws cli prints nothing for an empty result.
pub fn json_text<T: Serialize>(value: &T) -> Result<String, String> {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut ser).map_err(|e| e.to_string())?;
    if out == b"{}" {
        return Ok(String::new());
    }
    out.push(b'\n');
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// awscli's `text.format_text`: a query result or a response as `--output text` prints it.
pub fn text(value: &Node) -> String {
    let mut out = String::new();
    format_text(value, &mut out, None, None);
    out
}

/// Python's `str()` of a JSON value as `json.loads` gives it.
fn python_str(node: &Node) -> String {
    let Node::Scalar(value) = node else {
        return String::new(); // format_text never prints a list or object with str()
    };
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_f64() => {
            // Python's float repr: integral values keep ".0", and large or small ones use an
            // exponent with a sign and at least two digits.
            let f = n.as_f64().unwrap_or(f64::NAN);
            let repr = format!("{f:?}");
            match repr.split_once('e') {
                Some((mantissa, exp)) => {
                    let (sign, digits) = exp
                        .strip_prefix('-')
                        .map_or(("+", exp), |digits| ("-", digits));
                    format!("{mantissa}e{sign}{digits:0>2}")
                }
                None => repr,
            }
        }
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn format_text(item: &Node, out: &mut String, identifier: Option<&str>, keys: Option<&[&str]>) {
    match item {
        Node::Object(entries) => format_dict(entries, out, identifier, keys),
        Node::List(items) => format_list(items, out, identifier),
        scalar => {
            out.push_str(&python_str(scalar));
            out.push('\n');
        }
    }
}

fn format_list(items: &[Node], out: &mut String, identifier: Option<&str>) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(|i| matches!(i, Node::Object(_))) {
        // Every scalar key of every element, sorted: each element prints a value (or an
        // empty cell) per key.
        let mut all_keys: Vec<&str> = items
            .iter()
            .filter_map(|i| match i {
                Node::Object(entries) => Some(entries),
                _ => None,
            })
            .flatten()
            .filter(|(_, v)| v.is_scalar())
            .map(|(k, _)| k.as_str())
            .collect();
        all_keys.sort_unstable();
        all_keys.dedup();
        for element in items {
            format_text(element, out, identifier, Some(&all_keys));
        }
    } else if items.iter().any(|i| matches!(i, Node::List(_))) {
        let scalars: Vec<&Node> = items.iter().filter(|v| v.is_scalar()).collect();
        if !scalars.is_empty() {
            format_scalar_list(&scalars, out, identifier);
        }
        for element in items.iter().filter(|v| !v.is_scalar()) {
            format_text(element, out, identifier, None);
        }
    } else {
        format_scalar_list(&items.iter().collect::<Vec<_>>(), out, identifier);
    }
}

fn format_scalar_list(items: &[&Node], out: &mut String, identifier: Option<&str>) {
    match identifier {
        Some(id) => {
            for item in items {
                let _ = writeln!(out, "{}\t{}", id.to_uppercase(), python_str(item));
            }
        }
        None => {
            let cells: Vec<String> = items.iter().map(|v| python_str(v)).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
}

fn format_dict(
    entries: &[(String, Node)],
    out: &mut String,
    identifier: Option<&str>,
    scalar_keys: Option<&[&str]>,
) {
    let mut scalars: Vec<String> = Vec::new();
    let mut non_scalars: Vec<&(String, Node)> = Vec::new();
    let mut sorted: Vec<&(String, Node)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    match scalar_keys {
        None => {
            for entry in sorted {
                if entry.1.is_scalar() {
                    scalars.push(python_str(&entry.1));
                } else {
                    non_scalars.push(entry);
                }
            }
        }
        Some(keys) => {
            for key in keys {
                let value = entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
                scalars.push(value.map(python_str).unwrap_or_default());
            }
            non_scalars = sorted
                .into_iter()
                .filter(|(k, _)| !keys.contains(&k.as_str()))
                .collect();
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in non_scalars {
        format_text(value, out, Some(key), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_prints_rows_of_sorted_scalar_keys_then_nested_members() {
        let text = |v: Value| text(&Node::from_value(v));
        let page = json!({"jobSummaryList": [
            {"jobId": "a", "jobName": "n", "createdAt": 5, "isTerminated": true,
             "capacityUsage": [{"capacityUnit": "ml.p5", "quantity": 2.0}]},
            {"jobId": "b", "jobName": "m", "createdAt": 4,
             "latestAttempt": {"serviceResourceId": {"name": "N", "value": "V"}}},
        ]});
        assert_eq!(
            text(page),
            "JOBSUMMARYLIST\t5\tTrue\ta\tn\n\
             CAPACITYUSAGE\tml.p5\t2.0\n\
             JOBSUMMARYLIST\t4\t\tb\tm\n\
             SERVICERESOURCEID\tN\tV\n"
        );
        assert_eq!(text(json!({"nextToken": "T", "x": []})), "T\n");
        assert_eq!(text(json!(["a", "b"])), "a\tb\n");
        assert_eq!(text(json!(null)), "None\n");
        assert_eq!(text(json!([])), "");
        assert_eq!(
            text(json!({"NextToken": {"NextToken": "tok"}})),
            "NEXTTOKEN\ttok\n"
        );
    }

    #[test]
    fn python_prints_floats_its_own_way() {
        let str_of = |v: Value| python_str(&Node::Scalar(v));
        assert_eq!(str_of(json!(2.0)), "2.0");
        assert_eq!(str_of(json!(0.5)), "0.5");
        assert_eq!(str_of(json!(1e16)), "1e+16");
        assert_eq!(str_of(json!(1.5e-7)), "1.5e-07");
        assert_eq!(str_of(json!(12)), "12");
    }

    #[test]
    fn a_query_keeps_pythons_key_order() {
        let data = json!({"jobSummaryList": [{"jobName": "n", "jobId": "a", "createdAt": 1}]});
        // serde_json's Map is sorted, so record the order from an order-keeping source.
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Job {
            job_name: &'static str,
            job_id: &'static str,
            created_at: i64,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Doc {
            job_summary_list: Vec<Job>,
        }
        let order = KeyOrders::of(&Doc {
            job_summary_list: vec![Job {
                job_name: "n",
                job_id: "a",
                created_at: 1,
            }],
        })
        .unwrap();
        let whole = Query::compile("jobSummaryList[0]").unwrap();
        assert_eq!(
            json_text(&whole.search(&data, &order).unwrap()).unwrap(),
            "{\n    \"jobName\": \"n\",\n    \"jobId\": \"a\",\n    \"createdAt\": 1\n}\n"
        );
        let hash = Query::compile("jobSummaryList[].{z: jobId, a: jobName}").unwrap();
        assert_eq!(
            json_text(&hash.search(&data, &order).unwrap()).unwrap(),
            "[\n    {\n        \"z\": \"a\",\n        \"a\": \"n\"\n    }\n]\n"
        );
        let text_of = text(&hash.search(&data, &order).unwrap());
        assert_eq!(text_of, "n\ta\n");
        assert_eq!(json_text(&json!({})).unwrap(), "");
    }

    #[test]
    fn a_backtick_literal_that_is_not_json_is_a_string_as_in_python() {
        assert_eq!(legacy_literals("a[?s==`RUNNING`]"), "a[?s==`\"RUNNING\"`]");
        assert_eq!(legacy_literals("a[?n==`5`]"), "a[?n==`5`]");
        assert_eq!(legacy_literals("a[?s==`\"x\"`]"), "a[?s==`\"x\"`]");
        assert_eq!(legacy_literals("a[?s=='`x`']"), "a[?s=='`x`']");
        let data = serde_json::json!({"a": [{"s": "RUNNING"}, {"s": "FAILED"}]});
        let query = Query::compile("a[?s==`RUNNING`].s").unwrap();
        assert_eq!(
            query.search(&data, &KeyOrders::default()).unwrap(),
            Node::List(vec![Node::Scalar(serde_json::json!("RUNNING"))])
        );
    }

    #[test]
    fn a_bad_query_is_named() {
        let err = Query::compile("[").err().unwrap();
        assert!(
            err.starts_with("Bad value for --query [: Invalid jmespath expression: "),
            "{err}"
        );
    }
}
