//! botocore's paginator (`PaginationConfig`: `MaxItems`, `PageSize`, `StartingToken`) as a
//! sans-IO state machine, so a Rust client walks pages and hands out resume tokens exactly as
//! boto3 and the aws cli do, byte for byte.
//!
//! The service's own `nextToken` is opaque here: the paginator only carries it. What it adds
//! is the *resume token*, botocore's `NextToken`/`StartingToken`: standard base64 (with
//! padding) of Python's `json.dumps({"nextToken": ..., "boto_truncate_amount": N})`.

use crate::error::echo;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::fmt;

/// botocore's `PaginationConfig`: how far to walk and where to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaginationConfig {
    /// `MaxItems`: the most items returned over all pages; `None` walks to the end.
    pub max_items: Option<u64>,
    /// `PageSize`: sent to the service as `maxResults` on every request.
    pub page_size: Option<u32>,
    /// `StartingToken`: a resume token from an earlier walk (see [`ResumeToken`]).
    pub starting_token: Option<String>,
}

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

/// Why a walk could not start or go on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// The starting token is neither a resume token nor the legacy `TOKEN___N` form. The text
    /// is the token as given, cut to 64 characters.
    BadStartingToken(String),
    /// The service answered two pages in a row with the same `nextToken`, which would loop
    /// forever. The text is the token.
    RepeatedNextToken(String),
}

/// Python's `repr` of a `str`, so messages quote tokens as botocore's do.
fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::BadStartingToken(token) => write!(
                f,
                "Bad starting token: {token}: expected the NextToken of an earlier walk (base64 \
                 of {{\"nextToken\": ..., \"boto_truncate_amount\": N}}) or the legacy \
                 TOKEN___N form."
            ),
            // botocore's wording, with the token dict as Python prints it.
            PaginationError::RepeatedNextToken(token) => write!(
                f,
                "The same next token was received twice: {{'nextToken': {}}}",
                python_repr(token)
            ),
        }
    }
}

impl std::error::Error for PaginationError {}

/// Appends `text` as a JSON string the way Python's `json.dumps` (with `ensure_ascii`) does:
/// `"` and `\` escaped, `\n \r \t \b \f` by name, other control characters, DEL and every
/// non-ASCII character as lowercase `\uXXXX`, astral characters as a surrogate pair.
fn push_python_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
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
    fn start_index(&self) -> u64 {
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

/// A value of a resume token's JSON object: the only kinds a resume token holds.
enum TokenValue {
    Null,
    Text(String),
    Count(u64),
}

/// A reader for the one JSON shape a resume token has: a flat object of strings, nulls and
/// non-negative integers. Anything else is `None`, which the caller reports as a bad token.
struct TokenJson<'a> {
    rest: &'a str,
}

impl TokenJson<'_> {
    fn skip_whitespace(&mut self) {
        self.rest = self
            .rest
            .trim_start_matches([' ', '\t', '\n', '\r'].as_slice());
    }

    fn eat(&mut self, c: char) -> Option<()> {
        self.skip_whitespace();
        self.rest = self.rest.strip_prefix(c)?;
        Some(())
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_whitespace();
        self.rest.chars().next()
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.rest.get(..4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.rest = &self.rest[4..];
        u32::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.eat('"')?;
        let mut out = String::new();
        loop {
            let mut chars = self.rest.chars();
            let c = chars.next()?;
            self.rest = chars.as_str();
            match c {
                '"' => return Some(out),
                '\\' => {
                    let mut chars = self.rest.chars();
                    let escape = chars.next()?;
                    self.rest = chars.as_str();
                    out.push(match escape {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'u' => {
                            let unit = self.hex4()?;
                            if (0xd800..0xdc00).contains(&unit) {
                                // A high surrogate must pair with a low one: a Rust string
                                // cannot hold a lone surrogate.
                                self.rest = self.rest.strip_prefix("\\u")?;
                                let low = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&low) {
                                    return None;
                                }
                                char::from_u32(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00))?
                            } else {
                                char::from_u32(unit)?
                            }
                        }
                        _ => return None,
                    });
                }
                // Python's json.loads is strict: raw control characters are not allowed.
                c if (c as u32) < 0x20 => return None,
                c => out.push(c),
            }
        }
    }

    fn value(&mut self) -> Option<TokenValue> {
        match self.peek()? {
            '"' => self.string().map(TokenValue::Text),
            'n' => {
                self.rest = self.rest.strip_prefix("null")?;
                Some(TokenValue::Null)
            }
            '0'..='9' => {
                let end = self
                    .rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(self.rest.len());
                let digits = &self.rest[..end];
                // JSON has no leading zeros; a fraction or exponent is not a count.
                if digits.len() > 1 && digits.starts_with('0') {
                    return None;
                }
                if self.rest[end..].starts_with(['.', 'e', 'E']) {
                    return None;
                }
                self.rest = &self.rest[end..];
                digits.parse().ok().map(TokenValue::Count)
            }
            _ => None,
        }
    }
}

/// Reads `{"nextToken": ..., "boto_truncate_amount": N}`. A later duplicate key wins, as in
/// Python's `json.loads`; any other key, a missing `nextToken` or a wrong type is `None`.
fn parse_token_json(json: &str) -> Option<ResumeToken> {
    let mut reader = TokenJson { rest: json };
    reader.eat('{')?;
    let mut next_token: Option<Option<String>> = None;
    let mut truncate_amount = None;
    if reader.peek()? == '}' {
        return None; // no nextToken
    }
    loop {
        let key = reader.string()?;
        reader.eat(':')?;
        match (key.as_str(), reader.value()?) {
            ("nextToken", TokenValue::Null) => next_token = Some(None),
            ("nextToken", TokenValue::Text(text)) => next_token = Some(Some(text)),
            ("boto_truncate_amount", TokenValue::Count(n)) => truncate_amount = Some(n),
            _ => return None,
        }
        match reader.peek()? {
            ',' => reader.eat(',')?,
            '}' => break,
            _ => return None,
        }
    }
    reader.eat('}')?;
    reader.skip_whitespace();
    if !reader.rest.is_empty() {
        return None;
    }
    Some(ResumeToken {
        next_token: next_token?,
        truncate_amount,
    })
}

/// The request the caller should send next: the service `nextToken` and `maxResults`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest<'a> {
    /// The service token to send as `nextToken`; `None` asks for the first page.
    pub next_token: Option<&'a str>,
    /// The page size to send as `maxResults`; `None` leaves it to the service.
    pub page_size: Option<u32>,
}

/// botocore's `PageIterator` as a state machine: ask it for the [`PageRequest`] to send,
/// pass each answer to [`Paginator::receive`], which returns the items to yield (sliced on
/// resume, cut at `MaxItems`), until [`Paginator::next_request`] gives `None`. Then
/// [`Paginator::resume_token`] is the `NextToken` that botocore's `build_full_result` gives.
///
/// It follows `botocore/paginate.py` step for step, including its corners: an empty service
/// token ends the walk; a service token `"None"` is never sent (the previous one is sent
/// again, as botocore does); the same token twice in a row is an error, checked after the
/// `MaxItems` boundary.
#[derive(Debug, Clone)]
pub struct Paginator {
    max_items: Option<u64>,
    page_size: Option<u32>,
    /// The items to skip on the first page, from the starting token.
    starting_truncation: Option<u64>,
    /// The service token that requested the page being received (botocore's `next_token`).
    page_token: Option<String>,
    /// The token sent as `nextToken`: botocore keeps the old one when a new one is `"None"`.
    sent_token: Option<String>,
    previous_token: Option<String>,
    items_returned: u64,
    resume_token: Option<ResumeToken>,
    done: bool,
}

impl Paginator {
    /// A paginator for `config`.
    ///
    /// # Errors
    /// A starting token that [`ResumeToken::parse`] does not read.
    pub fn new(config: PaginationConfig) -> Result<Paginator, PaginationError> {
        let start = config
            .starting_token
            .as_deref()
            .map(ResumeToken::parse)
            .transpose()?;
        let page_token = start.as_ref().and_then(|s| s.next_token.clone());
        Ok(Paginator {
            max_items: config.max_items,
            page_size: config.page_size,
            starting_truncation: start.as_ref().map(ResumeToken::start_index),
            sent_token: page_token.clone().filter(|t| t != "None"),
            page_token,
            previous_token: None,
            items_returned: 0,
            resume_token: None,
            done: false,
        })
    }

    /// The request to send next, or `None` when the walk is over.
    pub fn next_request(&self) -> Option<PageRequest<'_>> {
        (!self.done).then_some(PageRequest {
            next_token: self.sent_token.as_deref(),
            page_size: self.page_size,
        })
    }

    /// Takes the service's answer to [`Paginator::next_request`]: the page's items and its
    /// `nextToken`. Returns the items the walk yields from this page.
    ///
    /// # Errors
    /// [`PaginationError::RepeatedNextToken`] when the service sends the same token twice in
    /// a row; the walk is then over. Calling this after the walk is over returns no items.
    pub fn receive<T>(
        &mut self,
        mut items: Vec<T>,
        next_token: Option<String>,
    ) -> Result<Vec<T>, PaginationError> {
        if self.done {
            return Ok(Vec::new());
        }
        // Only the first page is sliced; later pages count from 0 (botocore resets it).
        let starting_truncation = self.starting_truncation.take().unwrap_or(0);
        let skip = usize::try_from(starting_truncation).map_or(items.len(), |n| n.min(items.len()));
        items.drain(..skip);

        let count = items.len() as u64;
        if let Some(max_items) = self.max_items {
            if self.items_returned + count > max_items {
                // The cut falls inside this page: resume in it, after the items kept.
                let keep = max_items - self.items_returned;
                items.truncate(usize::try_from(keep).unwrap_or(usize::MAX));
                self.resume_token = Some(ResumeToken {
                    next_token: self.page_token.clone(),
                    truncate_amount: Some(keep + starting_truncation),
                });
                self.done = true;
                return Ok(items);
            }
        }
        self.items_returned += count;
        // An empty token is no token.
        let next_token = next_token.filter(|t| !t.is_empty());
        self.page_token = next_token.clone();
        let Some(next_token) = next_token else {
            self.done = true;
            return Ok(items);
        };
        if self.max_items == Some(self.items_returned) {
            // On a page boundary: the page's own token resumes the walk.
            self.resume_token = Some(ResumeToken {
                next_token: Some(next_token),
                truncate_amount: None,
            });
            self.done = true;
            return Ok(items);
        }
        if self.previous_token.as_deref() == Some(next_token.as_str()) {
            self.done = true;
            return Err(PaginationError::RepeatedNextToken(next_token));
        }
        if next_token != "None" {
            self.sent_token = Some(next_token.clone());
        }
        self.previous_token = Some(next_token);
        Ok(items)
    }

    /// Whether the walk is over.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Where the walk stopped, when `MaxItems` stopped it before the end; `None` otherwise.
    pub fn resume_position(&self) -> Option<&ResumeToken> {
        self.resume_token.as_ref()
    }

    /// The encoded resume token (botocore's `NextToken`), when `MaxItems` stopped the walk
    /// before the end.
    pub fn resume_token(&self) -> Option<String> {
        self.resume_token.as_ref().map(ResumeToken::encode)
    }
}

/// The result of a whole walk: botocore's `build_full_result()`.
#[derive(Debug, Clone, PartialEq)]
pub struct FullResult<T> {
    /// Every item yielded, in order.
    pub items: Vec<T>,
    /// The resume token (`NextToken`), present when `MaxItems` cut the walk.
    pub next_token: Option<String>,
}

/// Walks every page with `fetch_page(nextToken, maxResults)`, which returns a page's items
/// and its `nextToken`, and collects the result as botocore's `build_full_result` does.
///
/// # Errors
/// A bad starting token or a repeated service token (as `E::from`), or the first error of
/// `fetch_page`, which ends the walk.
pub fn paginate<T, E, F>(config: PaginationConfig, mut fetch_page: F) -> Result<FullResult<T>, E>
where
    F: FnMut(Option<&str>, Option<u32>) -> Result<(Vec<T>, Option<String>), E>,
    E: From<PaginationError>,
{
    let mut paginator = Paginator::new(config)?;
    let mut items = Vec::new();
    while let Some(request) = paginator.next_request() {
        let (page, next_token) = fetch_page(request.next_token, request.page_size)?;
        items.extend(paginator.receive(page, next_token)?);
    }
    Ok(FullResult {
        items,
        next_token: paginator.resume_token(),
    })
}
