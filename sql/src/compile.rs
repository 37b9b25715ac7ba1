//! The one builder of the listing statement: a validated [`Query`] and its [`Cursor`] become
//! a `SELECT` whose rows are exactly `evaluate`'s page plus one, in `evaluate`'s order.
//! Pure: no connection, no I/O. What differs per dialect comes from `dialect/`.

use crate::dialect::{Dialect, TextKey};
use batchlist::{Cursor, Filter, Query, fold_job_name};

/// A value bound to a placeholder of a [`Statement`]; never spliced into SQL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// An integer (`createdAt`, a time bound, the `LIMIT`).
    Int(i64),
    /// A text (a queue, a status, a name, an identifier).
    Text(String),
    /// SQL NULL: an absent share identifier or quota share name.
    Null,
}

/// A parameterized statement: SQL text with numbered placeholders and the values they bind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The SQL, with `?1`... (SQLite) or `$1`... (PostgreSQL) placeholders.
    pub sql: String,
    /// The values, in placeholder order (`params[0]` is placeholder 1).
    pub params: Vec<Param>,
}

/// The columns the listing reads, named once.
const SELECT: &str = "SELECT job FROM service_jobs";

/// The `ORDER BY` of each order (R-ORDER-1, R-ORDER-2). It follows the index columns, so no
/// sort step is needed.
const ORDER_NEWEST: &str = "created_at DESC, job_id";
const ORDER_NAME_GROUPS: &str = "folded_name, job_name, created_at DESC, job_id";

struct Builder {
    dialect: Dialect,
    terms: Vec<String>,
    params: Vec<Param>,
}

impl Builder {
    /// Binds a value and returns its placeholder.
    fn bind(&mut self, value: Param) -> String {
        self.params.push(value);
        self.dialect.placeholder(self.params.len())
    }

    fn text(&mut self, text: &str) -> String {
        self.bind(Param::Text(text.to_owned()))
    }

    /// `column = text`, or false when this dialect stores no text equal to it.
    fn equals(&mut self, column: &str, text: &str) -> String {
        match self.dialect.text_key(text) {
            TextKey::Exact(t) => format!("{column} = {}", self.text(&t)),
            TextKey::Beyond(_) => "1 = 0".to_owned(),
        }
    }
}

/// The smallest string greater than every string that starts with `prefix`, or `None` when
/// there is none (an empty prefix, or one of only U+10FFFF). UTF-8 orders by code point, so
/// the successor increments the last character that can be incremented and drops the rest:
/// every string starting with `prefix` sorts before it, and every string between `prefix` and
/// it starts with `prefix`.
pub(crate) fn prefix_successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// The `WHERE` terms of the filter (R-NAME-*, R-TIME-*, R-SHARE-1, R-QUOTA-1).
fn filter_terms(b: &mut Builder, filter: &Filter) {
    let term = match filter {
        Filter::JobName(pattern) if pattern.is_prefix() => {
            let prefix = pattern.folded();
            if prefix.is_empty() {
                return; // `*` alone matches every name (R-NAME-2)
            }
            match b.dialect.text_key(prefix) {
                // No stored name holds the NUL that starts the prefix's tail.
                TextKey::Beyond(_) => "1 = 0".to_owned(),
                TextKey::Exact(p) => {
                    let low = b.text(&p);
                    match prefix_successor(&p) {
                        Some(high) => {
                            let high = b.text(&high);
                            format!("folded_name >= {low} AND folded_name < {high}")
                        }
                        None => format!("folded_name >= {low}"),
                    }
                }
            }
        }
        Filter::JobName(pattern) => b.equals("folded_name", pattern.folded()),
        Filter::BeforeCreatedAt(t) => format!("created_at < {}", b.bind(Param::Int(*t))),
        Filter::AfterCreatedAt(t) => format!("created_at > {}", b.bind(Param::Int(*t))),
        Filter::ShareIdentifier(s) => b.equals("share_identifier", s),
        Filter::QuotaShareName(s) => b.equals("quota_share_name", s),
        // A filter this crate does not know yet matches nothing rather than everything.
        _ => "1 = 0".to_owned(),
    };
    b.terms.push(term);
}

/// `column < key OR (column = key AND rest)`: at or before the cursor on this column and
/// the rest of the key. For a text no stored value equals ([`TextKey::Beyond`]), `column <
/// key` is `column <= prefix`.
fn not_after(b: &mut Builder, column: &str, key: TextKey, rest: String) -> String {
    match key {
        TextKey::Exact(t) => {
            let p = b.text(&t);
            format!("({column} < {p} OR ({column} = {p} AND {rest}))")
        }
        TextKey::Beyond(t) => format!("{column} <= {}", b.text(&t)),
    }
}

/// The keyset predicate: rows strictly after the cursor in the query's order (R-PAGE-3).
///
/// It is written as a bound on the key's leading column, which both planners turn into the
/// start of an index range (`created_at <= c`, `folded_name >= f`), and the exclusion of the
/// rows level with the cursor on that column that are not after it:
/// `NOT (created_at = c AND job_id <= id)`. The `NOT` form, rather than
/// `created_at < c OR (created_at = c AND job_id > id)`, keeps PostgreSQL's row estimate near
/// the truth, so that deep pages, too, are planned as an ordered index scan rather than a
/// bitmap scan and a sort.
fn cursor_terms(b: &mut Builder, cursor: &Cursor) {
    let created = b.bind(Param::Int(cursor.created_at()));
    // `job_id <= id` is `job_id <= prefix` for an ID no stored ID equals.
    let id = match b.dialect.text_key(cursor.job_id()) {
        TextKey::Exact(t) | TextKey::Beyond(t) => t,
    };
    let id = b.text(&id);
    match cursor.job_name() {
        None => {
            b.terms.push(format!("created_at <= {created}"));
            b.terms
                .push(format!("NOT (created_at = {created} AND job_id <= {id})"));
        }
        Some(name) => {
            let newest =
                format!("(created_at > {created} OR (created_at = {created} AND job_id <= {id}))");
            let name_key = b.dialect.text_key(name);
            let on_name = not_after(b, "job_name", name_key, newest);
            match b.dialect.text_key(&fold_job_name(name)) {
                TextKey::Exact(f) => {
                    let f = b.text(&f);
                    b.terms.push(format!("folded_name >= {f}"));
                    b.terms
                        .push(format!("NOT (folded_name = {f} AND {on_name})"));
                }
                // No stored folded name equals it: every row past it is after the cursor.
                TextKey::Beyond(f) => {
                    let f = b.text(&f);
                    b.terms.push(format!("folded_name > {f}"));
                }
            }
        }
    }
}

/// The statement that lists one page of `query` after `cursor`: the matching jobs' JSON
/// (column `job`), in result order, at most `maxResults + 1` rows, the last only telling
/// that a next page exists (R-PAGE-2).
///
/// A cursor of the other order (name groups versus newest first) is ignored, as
/// [`batchlist::evaluate`] ignores it.
pub fn list_statement(dialect: Dialect, query: &Query, cursor: Option<&Cursor>) -> Statement {
    let mut b = Builder {
        dialect,
        terms: Vec::new(),
        params: Vec::new(),
    };
    // R-QUEUE-2: a name matches the queue name of the job's ARN; an ARN matches exactly.
    // The name leads every index, so an ARN query scans the same range and checks the ARN.
    let queue = query.queue();
    let name = b.text(queue.name());
    b.terms.push(format!("queue_name = {name}"));
    if queue.is_arn() {
        let arn = b.text(queue.as_str());
        b.terms.push(format!("queue_arn = {arn}"));
    }
    // The status rules are already applied by the query (R-STATUS-*, R-FILTER-5, R-FILTER-6).
    if let Some(status) = query.status() {
        let s = b.text(status.as_str());
        b.terms.push(format!("status = {s}"));
    }
    if let Some(filter) = query.filter() {
        filter_terms(&mut b, filter);
    }
    let grouped = query.groups_by_name();
    if let Some(c) = cursor.filter(|c| c.job_name().is_some() == grouped) {
        cursor_terms(&mut b, c);
    }
    let order = if grouped {
        ORDER_NAME_GROUPS
    } else {
        ORDER_NEWEST
    };
    let limit = i64::try_from(query.max_results() + 1).expect("at most 101");
    let limit = b.bind(Param::Int(limit));
    Statement {
        sql: format!(
            "{SELECT} WHERE {} ORDER BY {order} LIMIT {limit}",
            b.terms.join(" AND ")
        ),
        params: b.params,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use batchlist::{JobNamePattern, JobQueue, JobStatus};

    #[test]
    fn the_successor_bounds_exactly_the_strings_with_the_prefix() {
        assert_eq!(prefix_successor("train").as_deref(), Some("traio"));
        assert_eq!(prefix_successor("a\u{7f}").as_deref(), Some("a\u{80}"));
        assert_eq!(prefix_successor("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(prefix_successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_successor("\u{10FFFF}"), None);
        assert_eq!(prefix_successor(""), None);
        for s in ["train", "train-1", "trainz", "train\u{10FFFF}\u{10FFFF}"] {
            assert!(("train".."traio").contains(&s), "{s}");
        }
        for s in ["traio", "trai", "trbin", "Train"] {
            assert!(!("train".."traio").contains(&s), "{s}");
        }
    }

    #[test]
    fn a_name_query_binds_every_value_and_orders_by_name_groups() {
        let queue = JobQueue::parse("training").unwrap();
        let query = Query::new(
            queue,
            Some(JobStatus::Failed),
            Some(Filter::JobName(JobNamePattern::new("Train*"))),
        )
        .with_max_results(5)
        .unwrap();
        let st = list_statement(Dialect::Postgres, &query, None);
        assert_eq!(
            st.sql,
            "SELECT job FROM service_jobs WHERE queue_name = $1 AND folded_name >= $2 AND \
             folded_name < $3 ORDER BY folded_name, job_name, created_at DESC, job_id LIMIT $4"
        );
        assert_eq!(
            st.params,
            [
                Param::Text("training".into()),
                Param::Text("train".into()),
                Param::Text("traio".into()),
                Param::Int(6)
            ]
        );
    }

    #[test]
    fn an_arn_query_with_a_status_and_a_cursor_is_a_keyset_predicate() {
        let arn = "arn:aws:batch:us-east-1:123456789012:job-queue/training";
        let query = Query::new(JobQueue::parse(arn).unwrap(), None, None);
        let job = batchlist::ServiceJob::new(arn, "j'1", "x", JobStatus::Running, 7);
        let cursor = Cursor::after(&query, &job);
        let st = list_statement(Dialect::Sqlite, &query, Some(&cursor));
        assert_eq!(
            st.sql,
            "SELECT job FROM service_jobs WHERE queue_name = ?1 AND queue_arn = ?2 AND \
             status = ?3 AND created_at <= ?4 AND NOT (created_at = ?4 AND job_id <= ?5) \
             ORDER BY created_at DESC, job_id LIMIT ?6"
        );
        assert_eq!(st.params[3], Param::Int(7));
        assert_eq!(st.params[4], Param::Text("j'1".into()));
        assert!(!st.sql.contains("OFFSET"));
    }

    #[test]
    fn text_postgresql_cannot_hold_matches_nothing_there_and_is_bound_in_sqlite() {
        let query = Query::new(
            JobQueue::parse("q").unwrap(),
            None,
            Some(Filter::ShareIdentifier("a\0b".into())),
        );
        let pg = list_statement(Dialect::Postgres, &query, None);
        assert!(pg.sql.contains("1 = 0"), "{}", pg.sql);
        assert!(
            pg.params
                .iter()
                .all(|p| !matches!(p, Param::Text(t) if t.contains('\0')))
        );
        let lite = list_statement(Dialect::Sqlite, &query, None);
        assert!(lite.sql.contains("share_identifier = ?2"), "{}", lite.sql);
        assert_eq!(lite.params[1], Param::Text("a\0b".into()));
    }
}
