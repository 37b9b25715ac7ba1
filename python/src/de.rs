//! A serde `Deserializer` over Python objects, reading them exactly as the JSON they stand
//! for: what `json.dumps` (and so boto3) writes for the object, then what the core's JSON
//! reader reads. Job dicts become `ServiceJob`s through its own `Deserialize` (defaults and
//! all), and requests go through the core's `decode_request`, with no copy in between.
//!
//! Only JSON's types are accepted (None, bool, int, float, str, list or tuple, dict with
//! string keys), so nothing is guessed: a set, a datetime or an object is an error naming
//! where it sits. Integers past 64 bits become floats, as `serde_json` reads such a number off
//! the wire (the core then reports `maxResults` 2**70 as out of range, not as a type).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Deeper nesting than this is refused, as `serde_json` refuses JSON nested past 128 levels;
/// it also stops a self-containing list or dict.
const DEPTH_LIMIT: usize = 128;

/// At most this many steps of a path are shown in a message.
const PATH_STEPS_SHOWN: usize = 8;

/// One step of the path to a value: a dict member or a list position.
#[derive(Debug)]
enum Step {
    Member(String),
    Index(usize),
}

/// Why an object could not be read, and where inside it.
#[derive(Debug)]
pub struct DeError {
    /// What is wrong, for example `a value of type set is not JSON` or serde's
    /// `invalid type: string "1", expected i64`.
    message: String,
    /// From the innermost step outwards (pushed while unwinding).
    path: Vec<Step>,
}

impl DeError {
    fn new(message: impl Into<String>) -> Self {
        DeError {
            message: message.into(),
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
                    // A long (unknown) member name is cut as the core cuts echoed values.
                    out.push_str(&batchlist::echo(name));
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{path}: {}", self.message)
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(msg.to_string())
    }
}

/// The qualified name of an object's type, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map_or_else(|_| "unknown".to_owned(), |n| n.to_string())
}

fn not_json(what: impl fmt::Display) -> DeError {
    DeError::new(format!("{what} is not JSON"))
}

fn text<'a>(s: &'a Bound<'_, PyString>, what: &str) -> Result<Cow<'a, str>, DeError> {
    s.to_cow()
        .map_err(|_| not_json(format_args!("{what} with a lone surrogate")))
}

/// Reads one Python object as a JSON value.
#[derive(Clone, Copy)]
pub struct PyDe<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
}

impl<'a, 'py> PyDe<'a, 'py> {
    /// A deserializer for `obj`.
    pub fn new(obj: &'a Bound<'py, PyAny>) -> Self {
        PyDe { obj, depth: 0 }
    }

    fn nested(&self) -> Result<usize, DeError> {
        if self.depth >= DEPTH_LIMIT {
            return Err(not_json(format_args!(
                "nesting deeper than {DEPTH_LIMIT} levels"
            )));
        }
        Ok(self.depth + 1)
    }
}

fn visit_float<'de, V: Visitor<'de>>(f: f64, visitor: V) -> Result<V::Value, DeError> {
    if f.is_finite() {
        visitor.visit_f64(f)
    } else {
        Err(not_json(format_args!("the float {f}")))
    }
}

impl<'de> de::Deserializer<'de> for PyDe<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let obj = self.obj;
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return match text(s, "a str")? {
                Cow::Owned(s) => visitor.visit_string(s),
                Cow::Borrowed(s) => visitor.visit_str(s),
            };
        }
        // bool before int: in Python a bool is an int.
        if let Ok(b) = obj.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if let Ok(i) = obj.cast::<PyInt>() {
            if let Ok(v) = i.extract::<i64>() {
                return visitor.visit_i64(v);
            }
            if let Ok(v) = i.extract::<u64>() {
                return visitor.visit_u64(v);
            }
            // Past 64 bits: a JSON reader without arbitrary precision reads a float.
            let f: f64 = i
                .extract()
                .map_err(|_| not_json("an int too large for a JSON number"))?;
            return visit_float(f, visitor);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return visit_float(f.value(), visitor);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            let depth = self.nested()?;
            // Copied out first (references only), so nothing can change the dict under the
            // iteration.
            let items: Vec<_> = dict.iter().collect();
            return visitor.visit_map(DictAccess {
                items: items.into_iter(),
                value: None,
                key: None,
                depth,
            });
        }
        if let Ok(list) = obj.cast::<PyList>() {
            let depth = self.nested()?;
            let items: Vec<_> = list.iter().collect();
            return visitor.visit_seq(ItemsAccess {
                items: items.into_iter(),
                at: 0,
                depth,
            });
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            let depth = self.nested()?;
            let items: Vec<_> = tuple.iter().collect();
            return visitor.visit_seq(ItemsAccess {
                items: items.into_iter(),
                at: 0,
                depth,
            });
        }
        Err(not_json(format_args!("a value of type {}", type_name(obj))))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Unit variants (`"RUNNING"`) from a str, as `serde_json` reads them.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.obj.cast::<PyString>() {
            Ok(s) => {
                let s: String = text(s, "a str")?.into_owned();
                visitor.visit_enum(IntoDeserializer::<DeError>::into_deserializer(s))
            }
            Err(_) => {
                let _ = (name, variants);
                self.deserialize_any(visitor)
            }
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// A dict's members, in the dict's order.
struct DictAccess<'py> {
    items: std::vec::IntoIter<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    /// The value of the member whose key was just read.
    value: Option<Bound<'py, PyAny>>,
    /// That member's key, for the path of an error.
    key: Option<Bound<'py, PyAny>>,
    depth: usize,
}

fn key_step(key: Option<&Bound<'_, PyAny>>) -> Step {
    let name = key
        .and_then(|k| k.cast::<PyString>().ok())
        .and_then(|k| k.to_cow().ok().map(Cow::into_owned))
        .unwrap_or_default();
    Step::Member(name)
}

impl<'de, 'py> MapAccess<'de> for DictAccess<'py> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.items.next() else {
            return Ok(None);
        };
        let Ok(name) = key.cast::<PyString>() else {
            return Err(not_json(format_args!(
                "a dict key of type {}",
                type_name(&key)
            )));
        };
        let name = text(name, "a dict key")?;
        let read = seed.deserialize(IntoDeserializer::<DeError>::into_deserializer(
            name.as_ref(),
        ))?;
        self.value = Some(value);
        self.key = Some(key);
        Ok(Some(read))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some(value) = self.value.take() else {
            return Err(DeError::new("a dict value was read before its key"));
        };
        let de = PyDe {
            obj: &value,
            depth: self.depth,
        };
        seed.deserialize(de)
            .map_err(|e| e.at(key_step(self.key.as_ref())))
    }
}

/// The items of a list or tuple.
struct ItemsAccess<'py> {
    items: std::vec::IntoIter<Bound<'py, PyAny>>,
    at: usize,
    depth: usize,
}

impl<'de> SeqAccess<'de> for ItemsAccess<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let at = self.at;
        self.at += 1;
        let de = PyDe {
            obj: &item,
            depth: self.depth,
        };
        seed.deserialize(de)
            .map(Some)
            .map_err(|e| e.at(Step::Index(at)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}
