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

    /// Reads a starting token: a resume token as [`ResumeToken::encode`] or botocore writes it
    /// (keys in any order, any JSON whitespace), or botocore's legacy form `TOKEN___N`
    /// (`None___N` for the first page), which resumes at item `N` of the page `TOKEN` requests.
    ///
    /// # Errors
    /// Anything else, as [`PaginationError::BadStartingToken`]. botocore instead sends such a
    /// token to the service unchanged; batchlist refuses it so that a mistyped token fails
    /// here, with a message about the token, rather than as a service error.
    pub fn parse(token: &str) -> Result<ResumeToken, PaginationError> {
        STANDARD
            .decode(token)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|json| parse_token_json(&json))
            .or_else(|| parse_legacy(token))
            .ok_or_else(|| PaginationError::BadStartingToken(echo(token)))
    }

    /// The item of the page to resume at (0 when no `boto_truncate_amount` was given).
    pub(super) fn start_index(&self) -> u64 {
        self.truncate_amount.unwrap_or(0)
    }
}

/// botocore's pre-2016 form `TOKEN___N`: exactly one `___`, then a decimal item index.
fn parse_legacy(token: &str) -> Option<ResumeToken> {
    let (service_token, index) = token.split_once("___")?;
    if index.contains("___") || index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(ResumeToken {
        next_token: (service_token != "None").then(|| service_token.to_owned()),
        truncate_amount: Some(index.parse().ok()?),
    })
}
