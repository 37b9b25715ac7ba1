"""`aws batch list-service-jobs` against `batchlist serve` prints exactly what `batchlist
list-service-jobs` prints for the same flags on the same jobs.

One known difference: awscli 1.46.3 ships its own copy of botocore whose Batch model has no
`isTerminated` in `ServiceJobSummary`, so the aws cli drops that member from what the server
sends (boto3 1.44.8's model has it, and keeps it). Outputs are compared byte for byte after
taking `isTerminated` out of batchlist's.
"""

import json

import pytest

from conftest import aws, run_cli


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
