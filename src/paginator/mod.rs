//! botocore's paginator (`PaginationConfig`: `MaxItems`, `PageSize`, `StartingToken`) as a
//! sans-IO state machine, so a Rust client walks pages and hands out resume tokens exactly as
//! boto3 and the aws cli do, byte for byte.
//!
//! The service's own `nextToken` is opaque here: the paginator only carries it. What it adds
//! is the *resume token*, botocore's `NextToken`/`StartingToken`: standard base64 (with
//! padding) of Python's `json.dumps({"nextToken": ..., "boto_truncate_amount": N})`.

mod json;
mod python_repr;
mod resume_token;

pub use resume_token::ResumeToken;

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

/// Why a walk could not start or go on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// The starting token holds `___` more than once, so it is neither a resume token, the
    /// legacy `TOKEN___N` form nor one raw service token. The text is the token as given, cut
    /// to 64 characters.
    BadStartingToken(String),
    /// The service answered two pages in a row with the same `nextToken`, which would loop
    /// forever. The text is the token.
    RepeatedNextToken(String),
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // botocore's wording (a ValueError in `paginate.py`).
            PaginationError::BadStartingToken(token) => write!(f, "Bad starting token: {token}"),
            // botocore's wording, with the token dict as Python prints it.
            PaginationError::RepeatedNextToken(token) => write!(
                f,
                "The same next token was received twice: {{'nextToken': {}}}",
                python_repr::python_repr(token)
            ),
        }
    }
}

impl std::error::Error for PaginationError {}

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
        if let Some(max_items) = self.max_items
            && self.items_returned + count > max_items
        {
            // The cut falls inside this page: resume in it, after the items kept.
            let keep = max_items - self.items_returned;
            items.truncate(usize::try_from(keep).unwrap_or(usize::MAX));
            self.resume_token = Some(ResumeToken {
                next_token: self.page_token.clone(),
                truncate_amount: Some(keep.saturating_add(starting_truncation)),
            });
            self.done = true;
            return Ok(items);
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
