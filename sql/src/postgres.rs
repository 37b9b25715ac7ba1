//! The PostgreSQL driver: the synchronous `postgres` client, one session per pooled
//! connection, each statement prepared once per session.

use crate::compile::Param;
use crate::conn::{Conn, DbError, Exec, Pool};
use crate::db::{Db, migrate};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::url::Location;
use postgres::error::SqlState;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, GenericClient, NoTls, Statement};
use std::collections::HashMap;

impl ToSql for Param {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Param::Int(i) => i.to_sql(ty, out),
            Param::Text(t) => t.to_sql(ty, out),
            Param::Null => Ok(IsNull::Yes),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <i64 as ToSql>::accepts(ty) || <String as ToSql>::accepts(ty)
    }

    to_sql_checked!();
}

fn db_error(e: postgres::Error) -> DbError {
    let conflict = e.code() == Some(&SqlState::UNIQUE_VIOLATION);
    let message = match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    };
    DbError { conflict, message }
}

struct PgExec<'a, G: GenericClient> {
    client: &'a mut G,
    prepared: &'a mut HashMap<String, Statement>,
}

impl<G: GenericClient> PgExec<'_, G> {
    fn statement(&mut self, sql: &str) -> Result<Statement, DbError> {
        if let Some(st) = self.prepared.get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(sql).map_err(db_error)?;
        self.prepared.insert(sql.to_owned(), st.clone());
        Ok(st)
    }

    fn rows(&mut self, sql: &str, params: &[Param]) -> Result<Vec<postgres::Row>, DbError> {
        let st = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        self.client.query(&st, &refs).map_err(db_error)
    }
}

impl<G: GenericClient> Exec for PgExec<'_, G> {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        let st = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        self.client.execute(&st, &refs).map_err(db_error)
    }

    fn column(&mut self, sql: &str, params: &[Param], at: usize) -> Result<Vec<String>, DbError> {
        self.rows(sql, params)?
            .iter()
            .map(|r| r.try_get::<_, String>(at).map_err(db_error))
            .collect()
    }

    fn int(&mut self, sql: &str, params: &[Param]) -> Result<i64, DbError> {
        let rows = self.rows(sql, params)?;
        let row = rows.first().ok_or_else(|| DbError {
            conflict: false,
            message: "a statement returned no row".into(),
        })?;
        row.try_get::<_, i64>(0).map_err(db_error)
    }
}

pub(crate) struct PgConn {
    client: Client,
    prepared: HashMap<String, Statement>,
}

impl Exec for PgConn {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        self.borrow().execute(sql, params)
    }
    fn column(&mut self, sql: &str, params: &[Param], at: usize) -> Result<Vec<String>, DbError> {
        self.borrow().column(sql, params, at)
    }
    fn int(&mut self, sql: &str, params: &[Param]) -> Result<i64, DbError> {
        self.borrow().int(sql, params)
    }
}

impl PgConn {
    fn borrow(&mut self) -> PgExec<'_, Client> {
        PgExec {
            client: &mut self.client,
            prepared: &mut self.prepared,
        }
    }
}

impl Conn for PgConn {
    const DIALECT: Dialect = Dialect::Postgres;

    fn exec(&mut self) -> &mut dyn Exec {
        self
    }

    fn transaction<R>(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Exec) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let mut tx = self.client.transaction().map_err(db_error)?;
        let result = f(&mut PgExec {
            client: &mut tx,
            prepared: &mut self.prepared,
        })?;
        tx.commit().map_err(db_error)?;
        Ok(result)
    }

    fn is_broken(&self) -> bool {
        self.client.is_closed()
    }
}

fn connect(url: &str, location: &Location) -> Result<PgConn, Error> {
    let client = Client::connect(url, NoTls).map_err(|e| Error::Open {
        database: location.describe(),
        detail: e.to_string(),
    })?;
    Ok(PgConn {
        client,
        prepared: HashMap::new(),
    })
}

/// Connects to a PostgreSQL database and brings its schema up to date.
pub(crate) fn open(url: &str) -> Result<Db<PgConn>, Error> {
    let location = Location::Postgres(url.to_owned());
    let mut conn = connect(url, &location)?;
    let open_error = |detail: String| Error::Open {
        database: location.describe(),
        detail,
    };
    let dialect = Dialect::Postgres;
    let found = match conn.int(dialect.has_migration_table(), &[]) {
        Ok(0) => 0,
        Ok(_) => conn
            .int(
                "SELECT COALESCE(MAX(version), 0) FROM batchlist_schema",
                &[],
            )
            .map_err(|e| open_error(e.message))?,
        Err(e) => return Err(open_error(e.message)),
    };
    migrate(&mut conn, found, &location)?;
    let url = url.to_owned();
    let again = location.clone();
    Ok(Db {
        pool: Pool::new(conn, Box::new(move || connect(&url, &again))),
        location,
    })
}
