//! Database URLs: `sqlite:PATH` and `postgres://...`.

use crate::error::Error;
use std::path::PathBuf;

/// Where a store's database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file (created when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection string (`postgres://` or `postgresql://` URL).
    Postgres(String),
}

impl Location {
    /// Reads a database URL.
    ///
    /// # Syntax
    /// - `sqlite:PATH`, `sqlite://PATH` or `sqlite:///ABSOLUTE/PATH`: a SQLite file;
    /// - `postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME[?OPTIONS]` (or `postgresql://`).
    ///
    /// # Errors
    /// Another scheme, or an empty path.
    pub fn parse(url: &str) -> Result<Location, Error> {
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(Error::Url(format!(
                    "database URL '{url}' names no file: expected sqlite:PATH"
                )));
            }
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Location::Postgres(url.to_owned()));
        }
        let shown = redact(url);
        Err(Error::Url(format!(
            "unknown database URL '{shown}': expected sqlite:PATH or \
             postgres://USER@HOST:PORT/DBNAME"
        )))
    }

    /// The location for messages, with any password hidden.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(path) => format!("sqlite:{}", path.display()),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// A URL with the password of its `user:password@` part replaced by `***`.
pub(crate) fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:***{}",
            &url[..scheme_end + 3],
            &authority[..colon],
            &rest[at..]
        ),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_and_others_named_in_the_error() {
        assert_eq!(
            Location::parse("sqlite:jobs.db").unwrap(),
            Location::Sqlite("jobs.db".into())
        );
        assert_eq!(
            Location::parse("sqlite:///tmp/j.db").unwrap(),
            Location::Sqlite("/tmp/j.db".into())
        );
        assert!(matches!(
            Location::parse("postgresql://u@h/db").unwrap(),
            Location::Postgres(_)
        ));
        assert_eq!(
            Location::parse("mysql://u:secret@h/db")
                .unwrap_err()
                .to_string(),
            "unknown database URL 'mysql://u:***@h/db': expected sqlite:PATH or \
             postgres://USER@HOST:PORT/DBNAME"
        );
        assert!(Location::parse("sqlite:").is_err());
        assert_eq!(
            Location::Postgres("postgres://me:pw@db:5432/jobs".into()).describe(),
            "postgres://me:***@db:5432/jobs"
        );
    }
}
