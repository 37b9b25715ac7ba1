//! `--output table`: a compact, aligned table for people (not the aws cli's boxed layout).

use batchlist::ServiceJobSummary;

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds (proleptic Gregorian, UTC).
pub fn iso_time(epoch_ms: i64) -> String {
    let seconds = epoch_ms.div_euclid(1000);
    let millis = epoch_ms.rem_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
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
    }
}
