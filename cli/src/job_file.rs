//! Job files: a JSON array of `batchlist::ServiceJob` records, and the bundled sample set.
//!
//! This is the one loader: `list-service-jobs --jobs`, `serve --jobs` and the admin API's
//! job bodies all read through [`parse`], which refuses what `batchlist::check_jobs` refuses
//! (R-JOB-1, R-JOB-2) and names the record (its position and `jobId`) and the member for
//! records that are not even well-formed.

use batchlist::ServiceJob;
use serde_json::value::RawValue;
use std::io::Read;
use std::path::Path;

/// The bundled sample: `batchlist gen --count 300 --seed 42`, committed so that
/// `list-service-jobs` works with no file at all.
const SAMPLE_JOBS: &str = include_str!("../data/sample-jobs.json");

/// Reads a job file, standard input when `path` is `-`, or the bundled sample when `path`
/// is `None`. The error is a sentence for the person who named the file.
pub fn load(path: Option<&Path>) -> Result<Vec<ServiceJob>, String> {
    match path {
        None => parse(SAMPLE_JOBS.as_bytes())
            .map_err(|e| format!("the bundled sample job file is invalid: {e}")),
        Some(path) if path.as_os_str() == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read the job file from standard input: {e}"))?;
            parse(&bytes).map_err(|e| format!("invalid job file (standard input): {e}"))
        }
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read job file {}: {e}", path.display()))?;
            parse(&bytes).map_err(|e| format!("invalid job file {}: {e}", path.display()))
        }
    }
}

/// Reads a job-file body: a JSON array of job records that pass `batchlist::check_jobs`.
/// Errors are sentences ending in a period.
pub fn parse(bytes: &[u8]) -> Result<Vec<ServiceJob>, String> {
    // The fast path reads every record once; only a file that fails is read again, record
    // by record, to say which record and member are at fault.
    let jobs: Vec<ServiceJob> = serde_json::from_slice(bytes).map_err(|e| explain(bytes, e))?;
    batchlist::check_jobs(&jobs).map_err(|e| e.to_string())?;
    Ok(jobs)
}

/// Why `bytes` is not a job file: the first record that does not read as a job, named by
/// position, `jobId` (when it has a string one) and member path; or, when the array itself
/// is broken, the parser's own message.
fn explain(bytes: &[u8], whole: serde_json::Error) -> String {
    let Ok(records) = serde_json::from_slice::<Vec<&RawValue>>(bytes) else {
        return format!("expected a JSON array of service jobs: {whole}.");
    };
    for (at, record) in records.iter().enumerate() {
        let text = record.get();
        let mut de = serde_json::Deserializer::from_str(text);
        let Err(e) = serde_path_to_error::deserialize::<_, ServiceJob>(&mut de) else {
            continue;
        };
        let path = e.path().to_string();
        let e = e.into_inner();
        let job_id = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("jobId")?.as_str().map(str::to_owned));
        let member = if path == "." {
            String::new()
        } else {
            format!("{path}: ")
        };
        // serde_json's message without its position inside the record: the first record that
        // fails alone is the one the whole read failed in, so the whole read's position is
        // the error's place in the file.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        let detail = format!(
            "{member}{message} (line {}, column {}).",
            whole.line(),
            whole.column()
        );
        return batchlist::Error::refused_job(Some(at), job_id.as_deref(), detail).to_string();
    }
    format!("expected a JSON array of service jobs: {whole}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/training";

    fn record(id: &str, extra: &str) -> String {
        format!(
            r#"{{"jobQueue": "{Q}", "jobId": "{id}", "jobName": "n", "status": "RUNNING", "createdAt": 1{extra}}}"#
        )
    }

    #[test]
    fn reads_a_job_file_and_the_bundled_sample() {
        let text = format!("[{}, {}]", record("a", ""), record("b", ""));
        assert_eq!(parse(text.as_bytes()).unwrap().len(), 2);
        assert_eq!(load(None).unwrap().len(), 300);
    }

    #[test]
    fn a_malformed_record_is_named_by_position_job_id_and_member() {
        let text = format!(
            "[{},\n {}]",
            record("a", ""),
            r#"{"jobQueue": "q", "jobId": "b", "jobName": "n", "status": "running", "createdAt": 1}"#
        );
        assert_eq!(
            parse(text.as_bytes()).unwrap_err(),
            "jobs[1] (jobId 'b'): status: unknown variant `running`, expected one of `SUBMITTED`, \
             `PENDING`, `RUNNABLE`, `SCHEDULED`, `STARTING`, `RUNNING`, `SUCCEEDED`, `FAILED` \
             (line 2, column 68)."
        );
        let missing = r#"[{"jobQueue": "q", "jobName": "n", "status": "RUNNING", "createdAt": 1}]"#;
        assert_eq!(
            parse(missing.as_bytes()).unwrap_err(),
            "jobs[0]: missing field `jobId` (line 1, column 71)."
        );
        let wrong_type = format!("[{}]", record("c", "").replace("1}", "\"soon\"}"));
        let err = parse(wrong_type.as_bytes()).unwrap_err();
        assert!(
            err.starts_with("jobs[0] (jobId 'c'): createdAt: invalid type: string \"soon\""),
            "{err}"
        );
    }

    #[test]
    fn records_that_could_never_be_listed_are_refused_by_check_jobs() {
        let bare = format!("[{}]", record("a", "").replace(Q, "training"));
        assert_eq!(
            parse(bare.as_bytes()).unwrap_err(),
            batchlist::check_jobs(&serde_json::from_str::<Vec<ServiceJob>>(&bare).unwrap())
                .unwrap_err()
                .to_string()
        );
        assert!(
            parse(bare.as_bytes())
                .unwrap_err()
                .starts_with("jobs[0] (jobId 'a'): jobQueue")
        );
        let twice = format!("[{}, {}]", record("a", ""), record("a", ""));
        assert!(
            parse(twice.as_bytes())
                .unwrap_err()
                .starts_with("jobs[1] (jobId 'a'): jobId"),
            "{}",
            parse(twice.as_bytes()).unwrap_err()
        );
    }

    #[test]
    fn a_broken_array_gives_the_parsers_position() {
        assert_eq!(
            parse(b"{}").unwrap_err(),
            "expected a JSON array of service jobs: invalid type: map, expected a sequence at \
             line 1 column 0."
        );
        let cut = format!("[{},", record("a", ""));
        assert_eq!(
            parse(cut.as_bytes()).unwrap_err(),
            format!(
                "expected a JSON array of service jobs: EOF while parsing a value at line 1 \
                 column {}.",
                cut.len()
            )
        );
    }
}
