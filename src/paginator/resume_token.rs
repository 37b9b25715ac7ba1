//! botocore's resume token (`NextToken` / `StartingToken`): writing it byte for byte, and
//! reading it back, in its base64 JSON form or the legacy `TOKEN___N` form.

use super::PaginationError;
use super::json::{parse_token_json, push_python_json_string};
use crate::error::echo;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Where a walk stopped: the service token that requests the next page, and how many items
/// of that page were already returned. botocore's resume token, decoded.
///
/// # Syntax
/// [`ResumeToken::encode`] writes standard base64, with `=` padding, of the JSON that Python's
/// `json.dumps` gives for `{"nextToken": TOKEN_OR_NULL, "boto_truncate_amount": N}`: keys in
/// that order, separators `", "` and `": "`, every non-ASCII character escaped as `\uXXXX`,
/// and `boto_truncate_amount` left out when the walk stopped on a page boundary.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResumeToken {
    /// The service `nextToken` that requests the page to resume in; `None` for the first page.
    pub next_token: Option<String>,
    /// How many items of that page were already returned (`boto_truncate_amount`).
    pub truncate_amount: Option<u64>,
}

impl ResumeToken {
    /// The token text, byte-identical to botocore's for the same position.
    pub fn encode(&self) -> String {
        let mut json = String::from("{\"nextToken\": ");
        match &self.next_token {
            Some(token) => push_python_json_string(&mut json, token),
            None => json.push_str("null"),
        }
        if let Some(amount) = self.truncate_amount {
            json.push_str(&format!(", \"boto_truncate_amount\": {amount}"));
        }
        json.push('}');
        STANDARD.encode(json)
    }

    /// Reads a starting token as botocore's `PageIterator._parse_starting_token` does
    /// (R-PAGINATE-6), trying in order:
    /// 1. a resume token as [`ResumeToken::encode`] or botocore writes it (keys in any order,
    ///    any JSON whitespace);
    /// 2. the legacy form `TOKEN___N` (`None___N` for the first page), which resumes at item
    ///    `N` (ASCII digits) of the page `TOKEN` requests;
    /// 3. anything else is a raw service `nextToken`: the walk starts at the page it requests,
    ///    with nothing skipped (`None` is the first page). The service then judges it.
    ///
    /// # Errors
    /// [`PaginationError::BadStartingToken`] for a token holding `___` more than once, which
    /// botocore also refuses: it reads as more service tokens than the operation has.
    pub fn parse(token: &str) -> Result<ResumeToken, PaginationError> {
        if let Some(resume) = STANDARD
            .decode(token)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|json| parse_token_json(&json))
        {
            return Ok(resume);
        }
        let parts: Vec<&str> = token.split("___").collect();
        match parts.as_slice() {
            [service_token, index] if is_index(index) => Ok(ResumeToken {
                next_token: service_or_none(service_token),
                // Digits past u64 cannot index a page of at most 100 items: skip it all.
                truncate_amount: Some(index.parse().unwrap_or(u64::MAX)),
            }),
            [_] | [_, _] => Ok(ResumeToken {
                next_token: service_or_none(token),
                truncate_amount: None,
            }),
            _ => Err(PaginationError::BadStartingToken(echo(token))),
        }
    }

    /// The item of the page to resume at (0 when no `boto_truncate_amount` was given).
    pub(super) fn start_index(&self) -> u64 {
        self.truncate_amount.unwrap_or(0)
    }
}

/// Whether the part after `___` is an item index: ASCII digits. (Python's `int()`, which
/// botocore uses, also reads a sign, spaces and `_` separators; no client writes those, and
/// batchlist reads such a token as a raw service token.)
fn is_index(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// botocore's spelling of "no service token" in a starting token is the text `None`.
fn service_or_none(token: &str) -> Option<String> {
    (token != "None").then(|| token.to_owned())
}
