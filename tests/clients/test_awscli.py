"""`aws batch list-service-jobs` against `batchlist serve` prints exactly what `batchlist
list-service-jobs` prints for the same flags on the same jobs.

One known difference: awscli 1.46.3 ships its own copy of botocore whose Batch model has no
`isTerminated` in `ServiceJobSummary`, so the aws cli drops that member from what the server
sends (boto3 1.44.8's model has it, and keeps it). Outputs are compared byte for byte after
taking `isTerminated` out of batchlist's.
"""

import json
import subprocess

import pytest

from conftest import BINARY, aws, run_cli


@pytest.mark.parametrize(
    "args",
    [
        ["--job-queue", "training"],
        ["--job-queue", "training", "--max-items", "5", "--page-size", "2"],
        ["--job-queue", "training", "--max-items", "4", "--page-size", "2"],
        ["--job-queue", "research", "--job-status", "SUCCEEDED", "--page-size", "30"],
        ["--job-queue", "training", "--filters", "name=JOB_NAME,values=train*", "--max-items", "120"],
        ["--job-queue", "training", "--filters", '[{"name":"JOB_NAME","values":["eval*"]}]'],
        ["--job-queue", "shared-gpu", "--filters", "name=SHARE_IDENTIFIER,values=teamB",
         "--job-status", "SUCCEEDED", "--max-items", "3"],
        ["--job-queue", "training", "--no-paginate"],
        ["--job-queue", "training", "--job-status", "FAILED", "--max-results", "3"],
    ],
)
def test_stdout_is_byte_identical(server, staged, args):
    code, out, err = aws(server, "list-service-jobs", *args)
    assert code == 0, err
    ours = run_cli("list-service-jobs", "--jobs", str(staged), *args)
    assert ours[0] == 0, ours[2]
    assert out == as_old_aws_cli_prints(ours[1])
    assert json.loads(out)["jobSummaryList"], "the case lists some jobs"


def as_old_aws_cli_prints(output):
    """batchlist's output without `isTerminated`, re-printed as the aws cli prints JSON
    (`json.dumps(indent=4, ensure_ascii=False)`); unchanged when no job has it, so those
    cases compare batchlist's own bytes."""
    if '"isTerminated"' not in output:
        return output
    parsed = json.loads(output)
    for job in parsed["jobSummaryList"]:
        job.pop("isTerminated", None)
    return json.dumps(parsed, indent=4, ensure_ascii=False) + "\n"


def test_the_old_aws_cli_model_drops_is_terminated(server, staged):
    # Pins the reason for as_old_aws_cli_prints: if a newer awscli keeps the member, this
    # fails and the normalisation can go.
    args = ["--job-queue", "training", "--job-status", "FAILED", "--max-results", "100"]
    out = aws(server, "list-service-jobs", *args)[1]
    ours = run_cli("list-service-jobs", "--jobs", str(staged), *args)[1]
    assert '"isTerminated": true' in ours
    assert '"isTerminated"' not in out


def test_starting_token_round_trip(server, staged):
    args = ["--job-queue", "training", "--filters", "name=JOB_NAME,values=train*"]
    first = json.loads(aws(server, "list-service-jobs", *args, "--max-items", "7", "--page-size", "3")[1])
    token = first["NextToken"]
    code, out, err = aws(server, "list-service-jobs", *args, "--max-items", "7", "--starting-token", token)
    assert code == 0, err
    ours = run_cli("list-service-jobs", "--jobs", str(staged), *args, "--max-items", "7", "--starting-token", token)
    assert out == as_old_aws_cli_prints(ours[1])


@pytest.mark.parametrize(
    "args",
    [
        ["--max-results", "0"],
        ["--job-status", "running"],
        ["--filters", "name=JOB_NAME,values=a", "name=JOB_NAME,values=b"],
    ],
)
def test_service_errors_read_the_same(server, staged, args):
    code, out, err = aws(server, "list-service-jobs", "--job-queue", "training", *args)
    ours = run_cli("list-service-jobs", "--jobs", str(staged), "--job-queue", "training", *args)
    assert err.strip().startswith("An error occurred (ClientException) when calling the ListServiceJobs")
    assert err == ours[2]
    # awscli v1 (PyPI) exits 255 on every error; batchlist uses v2's 254 for service errors.
    assert (code, ours[0]) == (255, 254)


def test_no_paginate_refuses_paging_flags_alike(server, staged):
    args = ["--job-queue", "training", "--no-paginate", "--max-items", "2"]
    code, out, err = aws(server, "list-service-jobs", *args)
    ours = run_cli("list-service-jobs", "--jobs", str(staged), *args)
    assert err == ours[2]
    assert (code, ours[0]) == (255, 252)


# --output text and --query: the aws cli prints text page by page and applies --query to
# each page (then to the NextToken); json applies it once to the merged result. The queue's
# RUNNING jobs carry no isTerminated, so batchlist's bytes are compared unchanged.
@pytest.mark.parametrize(
    "args",
    [
        ["--output", "text"],
        ["--output", "text", "--max-items", "5", "--page-size", "2"],
        ["--output", "text", "--max-items", "5", "--page-size", "2", "--query", "jobSummaryList[].jobId"],
        ["--output", "text", "--page-size", "30", "--query", "jobSummaryList[].[jobName, status]"],
        ["--output", "text", "--max-items", "4", "--page-size", "3", "--query", "NextToken"],
        ["--output", "text", "--query", "jobSummaryList[].{id: jobId, usage: capacityUsage}"],
        ["--query", "jobSummaryList[0]"],
        ["--query", "jobSummaryList[].{name: jobName, id: jobId, usage: capacityUsage}", "--max-items", "4"],
        ["--query", "NextToken", "--max-items", "3"],
        ["--query", "jobSummaryList[?shareIdentifier==`teamB`].jobName"],
        ["--query", "length(jobSummaryList)"],
        ["--query", "jobSummaryList[?jobName=='nothing']"],
        ["--no-paginate", "--output", "text"],
        ["--max-results", "3", "--output", "text", "--query", "nextToken"],
        ["--max-results", "3", "--query", "{token: nextToken, first: jobSummaryList[0].jobName}"],
    ],
)
def test_text_and_query_are_byte_identical(server, staged, args):
    base = ["--job-queue", "training"]
    assert '"isTerminated"' not in run_cli("list-service-jobs", "--jobs", str(staged), *base)[1]
    code, out, err = aws(server, "list-service-jobs", *base, *args)
    assert code == 0, err
    ours = run_cli("list-service-jobs", "--jobs", str(staged), *base, *args)
    assert ours[0] == 0, ours[2]
    assert out == ours[1]
    assert out.strip(), "the case prints something"


def test_a_bad_query_is_refused_alike(server, staged):
    args = ["list-service-jobs", "--job-queue", "training", "--query", "jobSummaryList[0"]
    code, _, err = aws(server, *args)
    ours = run_cli(*args)
    prefix = "\nBad value for --query jobSummaryList[0: Invalid jmespath expression: "
    assert err.startswith(prefix) and ours[2].startswith(prefix), (err, ours[2])
    # The parsers' details differ (Python's jmespath and the jmespath crate).
    assert (code, ours[0]) == (255, 252)


def test_a_raw_service_token_is_a_starting_token(server, staged):
    # botocore reads a starting token that is not its own resume token as the service's
    # nextToken (R-PAGINATE-6): the nextToken of a raw call carries on as --starting-token.
    base = ["--job-queue", "training"]
    token = aws(server, "list-service-jobs", *base, "--max-results", "2", "--query", "nextToken",
                "--output", "text")[1].strip()
    args = [*base, "--starting-token", token, "--max-items", "3", "--page-size", "2"]
    code, out, err = aws(server, "list-service-jobs", *args)
    assert code == 0, err
    ours = run_cli("list-service-jobs", "--jobs", str(staged), *args)
    assert out == ours[1]
    everything = run_cli("list-service-jobs", "--jobs", str(staged), *base)[1]
    ids = [j["jobId"] for j in json.loads(everything)["jobSummaryList"]]
    assert [j["jobId"] for j in json.loads(out)["jobSummaryList"]] == ids[2:5]


def test_a_token_the_service_did_not_write_is_refused_by_the_service(server, staged):
    args = ["list-service-jobs", "--job-queue", "training", "--starting-token", "garbage"]
    code, _, err = aws(server, *args)
    ours = run_cli(*args[:1], "--jobs", str(staged), *args[1:])
    assert "Invalid nextToken: the token is malformed" in err
    assert err == ours[2]
    assert (code, ours[0]) == (255, 254)


def test_a_token_with_two_separators_is_refused_before_any_request(server, staged):
    args = ["list-service-jobs", "--job-queue", "training", "--starting-token", "a___b___c"]
    code, _, err = aws(server, *args)
    ours = run_cli(*args)
    assert err == ours[2] == "\nBad starting token: a___b___c\n"
    assert (code, ours[0]) == (255, 255)


def test_jobs_from_standard_input(server, staged):
    args = ["--job-queue", "training", "--max-items", "5", "--output", "text"]
    done = subprocess.run(
        [str(BINARY), "list-service-jobs", "--jobs", "-", *args],
        input=staged.read_bytes(), capture_output=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == aws(server, "list-service-jobs", *args)[1]


def test_submit_describe_terminate_through_the_aws_cli(server, staged):
    code, out, err = aws(server, "submit-service-job", "--job-name", "cli-run", "--job-queue",
                         "training", "--service-job-type", "SAGEMAKER_TRAINING",
                         "--service-request-payload", "{}", "--query", "jobId", "--output", "text")
    assert code == 0, err
    job_id = out.strip()
    described = json.loads(aws(server, "describe-service-job", "--job-id", job_id)[1])
    assert (described["jobId"], described["status"], described["isTerminated"]) == (job_id, "SUBMITTED", False)
    code, out, err = aws(server, "terminate-service-job", "--job-id", job_id, "--reason", "not needed")
    assert (code, out) == (0, ""), err
    code, out, err = aws(server, "describe-service-job", "--job-id", job_id, "--query",
                         "[status, isTerminated, statusReason]", "--output", "text")
    assert (code, out) == (0, "FAILED\tTrue\tnot needed\n"), err
    code, _, err = aws(server, "describe-service-job", "--job-id", "no-such-job")
    assert code == 255
    assert err.strip() == ("An error occurred (ClientException) when calling the DescribeServiceJob "
                           "operation: Invalid jobId 'no-such-job': no service job has that ID.")
