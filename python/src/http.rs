//! The HTTP answer `batchlist serve` gives to `POST /v1/listservicejobs`, without the HTTP:
//! status, error type and body bytes, for in-process clients (`batchlist.testing`).

use batchlist::{Error, JobIndex, ServiceJob, decode_request};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use std::borrow::Cow;

/// The bytes of a body given as bytes, bytearray, str (UTF-8) or None (empty).
///
/// # Errors
/// `TypeError` for anything else; `UnicodeEncodeError` for a str with a lone surrogate.
pub fn body_bytes<'a>(body: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = body.cast::<PyBytes>() {
        Ok(Cow::Borrowed(bytes.as_bytes()))
    } else if let Ok(text) = body.cast::<PyString>() {
        Ok(Cow::Owned(text.to_cow()?.into_owned().into_bytes()))
    } else if body.is_none() {
        Ok(Cow::Borrowed(b""))
    } else {
        Ok(Cow::Owned(body.extract::<Vec<u8>>()?))
    }
}

/// What the endpoint sends back: the status code, the `x-amzn-errortype` header (on errors
/// only) and the JSON body.
pub struct HttpAnswer {
    /// 200, or the error's status (400).
    pub status: u16,
    /// `ClientException` on errors.
    pub error_type: Option<&'static str>,
    /// The response, or `{"message": ...}` on errors.
    pub body: Vec<u8>,
}

fn error(e: &Error) -> HttpAnswer {
    HttpAnswer {
        status: e.http_status(),
        error_type: Some(e.error_type()),
        // The core's wire form of an error: `{"message": ...}`.
        body: serde_json::to_vec(e).unwrap_or_default(),
    }
}

/// Answers a request body over the index exactly as `serve` does: the same decoding (trailing
/// characters refused), the same response bytes, the same error bodies.
pub fn answer(index: &JobIndex<ServiceJob>, body: &[u8]) -> HttpAnswer {
    let mut de = serde_json::Deserializer::from_slice(batchlist::request_body(body));
    let decoded = decode_request(&mut de).and_then(|request| {
        de.end().map_err(Error::malformed_body)?;
        index.list_service_jobs(&request)
    });
    match decoded {
        Ok(page) => match serde_json::to_vec(&page) {
            Ok(body) => HttpAnswer {
                status: 200,
                error_type: None,
                body,
            },
            // Unreachable for the core's types (strings, integers, finite floats), but an
            // answer, not a panic, if it ever happened.
            Err(e) => HttpAnswer {
                status: 500,
                error_type: Some("ServerException"),
                body: serde_json::to_vec(&serde_json::json!({
                    "message": format!("cannot encode the response: {e}")
                }))
                .unwrap_or_default(),
            },
        },
        Err(e) => error(&e),
    }
}
