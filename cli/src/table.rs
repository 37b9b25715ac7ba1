//! `--output table`: a compact, aligned table for people (not the aws cli's boxed layout).

use batchlist::ServiceJobSummary;

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` (RFC 3339, UTC) for epoch milliseconds; a time outside the
/// years 0000 to 9999 is shown as its number of milliseconds.
pub fn iso_time(epoch_ms: i64) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(epoch_ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| format!("{epoch_ms} ms"))
}

/// The jobs as rows, then the token line when there is one.
pub fn render(jobs: &[ServiceJobSummary], token: Option<(&str, &str)>) -> String {
    let headers = [
        "CREATED (UTC)",
        "STATUS",
        "JOB NAME",
        "JOB ID",
        "SHARE",
        "QUOTA SHARE",
    ];
    let rows: Vec<[String; 6]> = jobs
        .iter()
        .map(|j| {
            [
                j.created_at.map(iso_time).unwrap_or_default(),
                j.status.map(|s| s.to_string()).unwrap_or_default(),
                j.job_name.clone(),
                j.job_id.clone(),
                j.share_identifier.clone().unwrap_or_default(),
                j.quota_share_name.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths = headers.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let mut out = line(&headers);
    for row in &rows {
        out += &line(&row.each_ref().map(String::as_str));
    }
    out += &format!("({} jobs)\n", rows.len());
    if let Some((label, token)) = token {
        out += &format!("{label}: {token}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_milliseconds_as_utc() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_time(1_767_225_600_000), "2026-01-01T00:00:00.000Z");
        assert_eq!(iso_time(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(iso_time(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(iso_time(253_402_300_799_999), "9999-12-31T23:59:59.999Z");
        assert_eq!(iso_time(i64::MAX), "9223372036854775807 ms");
    }
}
