//! `NextToken` and `Cursor`: where the next page starts, as the sort key of the last job
//! returned (keyset), bound to the query that made it (R-PAGE-3, R-TOKEN-*). The byte format
//! is pinned in `spec/token-format.md`.

use crate::error::{Error, ErrorKind};
use crate::job::JobRecord;
use crate::order::{Key, Order};
use crate::query::Query;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::fmt;

/// The token format this crate writes, and the only one it reads (R-TOKEN-3).
pub const TOKEN_VERSION: u8 = 1;

const ORDER_NEWEST: u8 = 0;
const ORDER_NAME_GROUPS: u8 = 1;

/// A page token as it goes on the wire: opaque to clients.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NextToken(String);

impl NextToken {
    /// The token text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The token text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for NextToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The position after which a page starts: the sort key of the last job of the previous
/// page. A page holds the matching jobs that come strictly after it in result order, so jobs
/// added or removed between pages never make another job repeat or go missing (R-PAGE-3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor {
    order: Order,
    created_at: i64,
    job_id: String,
    /// Only kept for name-grouped order, where it is part of the key.
    job_name: String,
}

/// FNV-1a, 64 bits: a fixed, platform-independent hash. Any single changed byte changes
/// it, which is what the token checksum needs; it is not a secret and not a MAC.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn query_fingerprint(query: &Query) -> u64 {
    fnv1a(query.canonical().as_bytes())
}

/// Reads the fields of a token payload in order; `None` on any shortfall.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_be_bytes(b.try_into().expect("8 bytes")))
    }
    fn text(&mut self) -> Option<String> {
        let len = u32::from_be_bytes(self.take(4)?.try_into().expect("4 bytes"));
        let bytes = self.take(usize::try_from(len).ok()?)?;
        String::from_utf8(bytes.to_vec()).ok()
    }
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    let len = u32::try_from(text.len()).expect("job ids and names are shorter than 4 GiB");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(text.as_bytes());
}

impl Cursor {
    pub(crate) fn at(order: Order, key: &Key<'_>) -> Cursor {
        Cursor {
            order,
            created_at: key.created_at,
            job_id: key.job_id.to_owned(),
            job_name: match order {
                Order::NameGroups => key.name.to_owned(),
                Order::Newest => String::new(),
            },
        }
    }

    /// The position right after `job` in `query`'s order: the cursor of a page of `query`
    /// whose last job is `job`; its [`Cursor::to_token`] is the token that page carries.
    pub fn after<J: JobRecord + ?Sized>(query: &Query, job: &J) -> Cursor {
        Cursor::at(query.order(), &Key::of(job))
    }

    pub(crate) fn key(&self) -> Key<'_> {
        Key {
            name: &self.job_name,
            created_at: self.created_at,
            job_id: &self.job_id,
        }
    }

    pub(crate) fn order(&self) -> Order {
        self.order
    }

    /// The `createdAt` of the last job of the previous page.
    pub fn created_at(&self) -> i64 {
        self.created_at
    }

    /// The `jobId` of the last job of the previous page.
    pub fn job_id(&self) -> &str {
        &self.job_id
    }

    /// The `jobName` of the last job of the previous page, kept only when the query groups
    /// by name (R-ORDER-2); `None` in newest-first order, where the name decides nothing.
    pub fn job_name(&self) -> Option<&str> {
        match self.order {
            Order::NameGroups => Some(&self.job_name),
            Order::Newest => None,
        }
    }

    /// The token for this position under `query` (R-TOKEN-3): URL-safe base64, without
    /// padding, of version, query fingerprint, order, key and an FNV-1a checksum.
    pub fn to_token(&self, query: &Query) -> NextToken {
        let mut bytes = Vec::with_capacity(64 + self.job_id.len() + self.job_name.len());
        bytes.push(TOKEN_VERSION);
        bytes.extend_from_slice(&query_fingerprint(query).to_be_bytes());
        bytes.push(match self.order {
            Order::Newest => ORDER_NEWEST,
            Order::NameGroups => ORDER_NAME_GROUPS,
        });
        bytes.extend_from_slice(&self.created_at.to_be_bytes());
        put_text(&mut bytes, &self.job_id);
        if self.order == Order::NameGroups {
            put_text(&mut bytes, &self.job_name);
        }
        let checksum = fnv1a(&bytes);
        bytes.extend_from_slice(&checksum.to_be_bytes());
        NextToken(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Reads a `nextToken` for `query`.
    ///
    /// # Errors
    /// An empty token; a token that is not one this crate wrote, or was truncated or altered
    /// (checked by its checksum and strict base64); a token of another format version; a
    /// token made for a query that selects other jobs (R-TOKEN-1, R-TOKEN-2). Page size may
    /// differ from the query that made the token.
    pub fn from_token(token: &str, query: &Query) -> Result<Cursor, Error> {
        if token.is_empty() {
            return Err(Error::new(ErrorKind::EmptyNextToken));
        }
        let malformed = || Error::new(ErrorKind::MalformedNextToken);
        // Decoding allocates at most 3/4 of the token's length, which the caller already holds.
        let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| malformed())?;
        let (payload, sum) = bytes.split_last_chunk::<8>().ok_or_else(malformed)?;
        if fnv1a(payload) != u64::from_be_bytes(*sum) {
            return Err(malformed());
        }
        let mut r = Reader(payload);
        let version = r.u8().ok_or_else(malformed)?;
        if version != TOKEN_VERSION {
            return Err(Error::new(ErrorKind::UnsupportedTokenVersion(version)));
        }
        let fingerprint = r.u64().ok_or_else(malformed)?;
        let order = match r.u8().ok_or_else(malformed)? {
            ORDER_NEWEST => Order::Newest,
            ORDER_NAME_GROUPS => Order::NameGroups,
            _ => return Err(malformed()),
        };
        let created_at = r.u64().ok_or_else(malformed)? as i64;
        let job_id = r.text().ok_or_else(malformed)?;
        let job_name = match order {
            Order::NameGroups => r.text().ok_or_else(malformed)?,
            Order::Newest => String::new(),
        };
        if !r.0.is_empty() {
            return Err(malformed());
        }
        if fingerprint != query_fingerprint(query) || order != query.order() {
            return Err(Error::new(ErrorKind::ForeignNextToken));
        }
        Ok(Cursor {
            order,
            created_at,
            job_id,
            job_name,
        })
    }
}
