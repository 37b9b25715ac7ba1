"""batchlist.testing: a real boto3 client and its real paginator, answered in-process,
return exactly what the Rust engine and its botocore-compatible paginator print."""

import boto3
import pytest
from botocore.config import Config
from conftest import engine, engine_error, job
from moto import mock_aws

import batchlist
from batchlist.testing import answer_list_service_jobs, stop_answering_list_service_jobs

CREDENTIALS = {"region_name": "us-east-1", "aws_access_key_id": "x", "aws_secret_access_key": "x"}


@pytest.fixture()
def batch():
    # A closed port: if any call went out instead of being answered in-process it would fail
    # to connect, so every passing call here proves there was no network.
    return boto3.client("batch", endpoint_url="http://127.0.0.1:9", config=Config(retries={"max_attempts": 1}),
                        **CREDENTIALS)


FILTERS = [
    ([], []),
    ([{"name": "JOB_NAME", "values": ["train*"]}], ["--filters", "name=JOB_NAME,values=train*"]),
    ([{"name": "SHARE_IDENTIFIER", "values": ["teamA"]}], ["--filters", "name=SHARE_IDENTIFIER,values=teamA"]),
]


@pytest.mark.parametrize("filters, cli_filters", FILTERS)
@pytest.mark.parametrize("max_items, page_size", [(7, 3), (25, 10), (100, None), (1, 1)])
def test_paginator_and_resume_tokens_equal_the_engines(batch, jobs, jobs_file, filters, cli_filters, max_items,
                                                       page_size):
    answer_list_service_jobs(batch, jobs)
    config = {"MaxItems": max_items, **({"PageSize": page_size} if page_size else {})}
    cli = ["--job-queue", "training", *cli_filters, "--max-items", str(max_items)]
    cli += ["--page-size", str(page_size)] if page_size else []
    paginator = batch.get_paginator("list_service_jobs")
    kwargs = {"jobQueue": "training", **({"filters": filters} if filters else {})}
    got = paginator.paginate(**kwargs, PaginationConfig=config).build_full_result()
    expected = engine(jobs_file, *cli)
    assert got == expected
    assert "NextToken" in got and len(got["jobSummaryList"]) == max_items
    # Resume from botocore's token, twice over (or to the end): still the engine's pages and
    # tokens.
    for _ in range(2):
        if "NextToken" not in got:
            break
        config["StartingToken"] = got["NextToken"]
        cli_resumed = [*cli, "--starting-token", got["NextToken"]]
        got = paginator.paginate(**kwargs, PaginationConfig=config).build_full_result()
        assert got == engine(jobs_file, *cli_resumed)


def test_a_full_walk_lists_every_match_once(batch, jobs, jobs_file):
    answer_list_service_jobs(batch, jobs)
    pages = list(batch.get_paginator("list_service_jobs").paginate(jobQueue="training",
                                                                   PaginationConfig={"PageSize": 17}))
    listed = [j["jobId"] for p in pages for j in p["jobSummaryList"]]
    expected = engine(jobs_file, "--job-queue", "training")
    assert listed == [j["jobId"] for j in expected["jobSummaryList"]]
    assert len(pages) > 3 and len(set(listed)) == len(listed)
    assert all(p["ResponseMetadata"]["HTTPStatusCode"] == 200 for p in pages)


def test_raw_calls_equal_list_service_jobs(batch, jobs):
    index = answer_list_service_jobs(batch, jobs)
    request = {"jobQueue": "training", "jobStatus": "FAILED", "maxResults": 5}
    first = batch.list_service_jobs(**request)
    expected = batchlist.list_service_jobs(jobs, request)
    assert {k: v for k, v in first.items() if k != "ResponseMetadata"} == expected
    assert index.list_service_jobs(request) == expected
    second = batch.list_service_jobs(**request, nextToken=first["nextToken"])
    assert second["jobSummaryList"] == batchlist.list_service_jobs(
        jobs, {**request, "nextToken": first["nextToken"]})["jobSummaryList"]


@pytest.mark.parametrize(
    "kwargs, cli",
    [
        ({"jobQueue": "training", "jobStatus": "running"}, ["--job-queue", "training", "--job-status", "running"]),
        ({"jobQueue": "training", "filters": [{"name": "JOB_NAME", "values": ["a", "b"]}]},
         ["--job-queue", "training", "--filters", '[{"name":"JOB_NAME","values":["a","b"]}]']),
        ({"jobQueue": "training", "nextToken": "garbage"}, ["--job-queue", "training", "--next-token", "garbage"]),
        ({"jobQueue": "bad queue"}, ["--job-queue", "bad queue"]),
        ({"jobQueue": "training", "filters": [{"name": "BEFORE_CREATED_AT", "values": ["-1"]}]},
         ["--job-queue", "training", "--filters", "name=BEFORE_CREATED_AT,values=-1"]),
    ],
)
def test_errors_reach_boto3_as_the_services_client_exception(batch, jobs, jobs_file, kwargs, cli):
    answer_list_service_jobs(batch, jobs)
    with pytest.raises(batch.exceptions.ClientException) as err:
        batch.list_service_jobs(**kwargs)
    response = err.value.response
    assert response["Error"]["Code"] == "ClientException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "ClientException"
    assert response["Error"]["Message"] == engine_error(jobs_file, "--no-paginate", *cli)
    # The same message as the binding's own exception.
    with pytest.raises(batchlist.ClientException) as own:
        batchlist.list_service_jobs(jobs, kwargs)
    assert str(own.value) == response["Error"]["Message"]


def test_the_index_is_live_and_a_second_call_replaces_it(batch):
    index = answer_list_service_jobs(batch, [job("a", "train-1", "RUNNING", 10)])
    ids = lambda: [j["jobId"] for j in batch.list_service_jobs(jobQueue="training")["jobSummaryList"]]  # noqa: E731
    assert ids() == ["a"]
    index.insert(job("b", "train-2", "RUNNING", 20))
    assert ids() == ["b", "a"]
    index.set_status("b", "SUCCEEDED")
    assert ids() == ["a"]
    # A JobIndex is used as given, not copied.
    other = batchlist.JobIndex([job("c", "x", "RUNNING", 5)])
    assert answer_list_service_jobs(batch, other) is other
    assert ids() == ["c"]
    stop_answering_list_service_jobs(batch)
    with pytest.raises(Exception) as err:  # now it goes out, to the closed port
        batch.list_service_jobs(jobQueue="training")
    assert "Could not connect" in str(err.value)


def test_other_clients_and_operations_are_untouched(batch):
    answer_list_service_jobs(batch, [job("a", "train-1")])
    other = boto3.client("batch", endpoint_url="http://127.0.0.1:9", config=Config(retries={"max_attempts": 1}),
                         **CREDENTIALS)
    for client, operation in [(other, lambda c: c.list_service_jobs(jobQueue="training")),
                              (batch, lambda c: c.describe_job_queues())]:
        with pytest.raises(Exception) as err:
            operation(client)
        assert "Could not connect" in str(err.value)


def test_composes_with_moto():
    with mock_aws():
        client = boto3.client("batch", **CREDENTIALS)
        answer_list_service_jobs(client, [job("a", "train-1")])
        # moto answers what it implements...
        assert client.describe_job_queues()["jobQueues"] == []
        iam = boto3.client("iam", **CREDENTIALS)
        assert iam.list_roles()["Roles"] == []
        # ...and batchlist answers ListServiceJobs, which moto lacks.
        assert [j["jobId"] for j in client.list_service_jobs(jobQueue="training")["jobSummaryList"]] == ["a"]


def test_only_batch_clients():
    with pytest.raises(TypeError, match="expected a Batch client, got a client for 's3'"):
        answer_list_service_jobs(boto3.client("s3", **CREDENTIALS), [])
    with pytest.raises(TypeError, match="expected a boto3/botocore client"):
        answer_list_service_jobs(object(), [])


def test_bad_jobs_are_refused_before_hooking(batch):
    with pytest.raises(ValueError, match=r"^jobs\[0\] \(jobId 'a'\): jobName is empty\.$"):
        answer_list_service_jobs(batch, [job("a", "")])
