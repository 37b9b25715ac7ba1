//! Python objects to JSON values, read exactly as the wire would carry them: what
//! `json.dumps` (and so boto3) writes for the object, then what the core's JSON reader reads.
//!
//! Only JSON's types are accepted (None, bool, int, float, str, list or tuple, dict with
//! string keys), so nothing is guessed: a set, a datetime or an object is an error naming
//! where it sits. Integers past 64 bits become floats, as `serde_json` reads such a number
//! off the wire (the core then reports `maxResults` 2**70 as out of range, not as a type).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Deeper nesting than this is refused, as `serde_json` refuses JSON nested past 128 levels;
/// it also stops a self-containing list or dict.
const DEPTH_LIMIT: usize = 128;

/// At most this many steps of a path are shown in a message.
const PATH_STEPS_SHOWN: usize = 8;

/// At most this many characters of a member name are shown in a path.
const NAME_CHARS_SHOWN: usize = 64;

/// One step of the path to a value: a dict member or a list position.
#[derive(Debug)]
enum Step {
    Member(String),
    Index(usize),
}

/// Why an object is not a JSON value, and where it sits inside the object converted.
#[derive(Debug)]
pub struct NotJson {
    /// What was found, for example `a value of type set` or `the float nan`.
    what: String,
    /// From the innermost step outwards (pushed while unwinding).
    path: Vec<Step>,
}

impl NotJson {
    fn new(what: impl Into<String>) -> Self {
        NotJson {
            what: what.into(),
            path: Vec::new(),
        }
    }

    fn at(mut self, step: Step) -> Self {
        self.path.push(step);
        self
    }

    /// The path as `filters[0].values[1]`, empty for the object itself; past
    /// [`PATH_STEPS_SHOWN`] steps, cut with `...`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for (n, step) in self.path.iter().rev().enumerate() {
            if n == PATH_STEPS_SHOWN {
                out.push_str("...");
                break;
            }
            match step {
                Step::Member(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    // A long (unknown) member name is cut, as the core cuts echoed values.
                    if name.chars().count() > NAME_CHARS_SHOWN {
                        out.extend(name.chars().take(NAME_CHARS_SHOWN));
                        out.push_str("...");
                    } else {
                        out.push_str(name);
                    }
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

impl fmt::Display for NotJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if path.is_empty() {
            write!(f, "{} is not JSON", self.what)
        } else {
            write!(f, "{path}: {} is not JSON", self.what)
        }
    }
}

/// The JSON value `obj` stands for.
pub fn to_json(obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
    convert(obj, 0)
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, NotJson> {
    if depth > DEPTH_LIMIT {
        return Err(NotJson::new(format!(
            "nesting deeper than {DEPTH_LIMIT} levels"
        )));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Value::String(s.into_owned()))
            .map_err(|_| NotJson::new("a str with a lone surrogate"));
    }
    // bool before int: in Python a bool is an int.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        if let Ok(v) = i.extract::<i64>() {
            return Ok(Value::from(v));
        }
        if let Ok(v) = i.extract::<u64>() {
            return Ok(Value::from(v));
        }
        // Past 64 bits: a JSON reader without arbitrary precision reads a float.
        let f: f64 = i
            .extract()
            .map_err(|_| NotJson::new("an int too large for a JSON number"))?;
        return float(f);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return float(f.value());
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut members = Map::new();
        for (key, value) in d.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                let kind = type_name(&key);
                return Err(NotJson::new(format!("a dict key of type {kind}")));
            };
            let key = key
                .to_cow()
                .map_err(|_| NotJson::new("a dict key with a lone surrogate"))?
                .into_owned();
            match convert(&value, depth + 1) {
                Ok(value) => members.insert(key, value),
                Err(e) => return Err(e.at(Step::Member(key))),
            };
        }
        return Ok(Value::Object(members));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let mut items = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            items.push(convert(&item, depth + 1).map_err(|e| e.at(Step::Index(i)))?);
        }
        return Ok(Value::Array(items));
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        let mut items = Vec::with_capacity(tuple.len());
        for (i, item) in tuple.iter().enumerate() {
            items.push(convert(&item, depth + 1).map_err(|e| e.at(Step::Index(i)))?);
        }
        return Ok(Value::Array(items));
    }
    Err(NotJson::new(format!("a value of type {}", type_name(obj))))
}

fn float(f: f64) -> Result<Value, NotJson> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| NotJson::new(format!("the float {f}")))
}

/// The qualified name of an object's type, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map_or_else(|_| "unknown".to_owned(), |n| n.to_string())
}
