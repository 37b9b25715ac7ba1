"""boto3's real paginator and client against `batchlist serve`, checked against the Rust
engine and the Rust paginator (`batchlist list-service-jobs`) on the same jobs."""

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from conftest import engine, engine_error

QUERIES = {
    "running by name": dict(jobQueue="training"),
    "status by ARN": dict(
        jobQueue="arn:aws:batch:us-east-1:123456789012:job-queue/training", jobStatus="SUCCEEDED"
    ),
    "name prefix": dict(jobQueue="training", filters=[{"name": "JOB_NAME", "values": ["train*"]}]),
    "share with status": dict(
        jobQueue="training",
        jobStatus="FAILED",
        filters=[{"name": "SHARE_IDENTIFIER", "values": ["teamA"]}],
    ),
    "created after": dict(
        jobQueue="research",
        filters=[{"name": "AFTER_CREATED_AT", "values": ["1767225700000"]}],
    ),
}


def cli_args(query):
    """The `list-service-jobs` flags for a boto3 query."""
    args = ["--job-queue", query["jobQueue"]]
    if "jobStatus" in query:
        args += ["--job-status", query["jobStatus"]]
    for f in query.get("filters", []):
        args += ["--filters", f"name={f['name']},values={f['values'][0]}"]
    return args


def paging_args(max_items=None, page_size=None, starting_token=None):
    args = []
    if max_items is not None:
        args += ["--max-items", str(max_items)]
    if page_size is not None:
        args += ["--page-size", str(page_size)]
    if starting_token is not None:
        args += ["--starting-token", starting_token]
    return args


def boto_walk(batch, query, **config):
    paginator = batch.get_paginator("list_service_jobs")
    return paginator.paginate(**query, PaginationConfig=config).build_full_result()


@pytest.mark.parametrize("name", QUERIES)
def test_full_walk_equals_the_engine(batch, staged, name):
    query = QUERIES[name]
    got = boto_walk(batch, query, PageSize=7)
    expected = engine(staged, *cli_args(query))
    assert got["jobSummaryList"] == expected["jobSummaryList"]
    assert "NextToken" not in got and "NextToken" not in expected
    # Pages of 7 and the server's default of 100 list the same jobs.
    assert boto_walk(batch, query)["jobSummaryList"] == expected["jobSummaryList"]


def test_the_walks_are_not_trivial(batch, staged):
    sizes = {name: len(boto_walk(batch, q)["jobSummaryList"]) for name, q in QUERIES.items()}
    assert sizes["name prefix"] > 100, sizes  # several server pages
    assert all(size > 0 for size in sizes.values()), sizes


@pytest.mark.parametrize(
    "max_items,page_size", [(1, 1), (3, 2), (4, 2), (5, 5), (7, 3), (10, 100), (150, 100), (101, 50)]
)
def test_resume_tokens_are_botocores_byte_for_byte(batch, staged, max_items, page_size):
    query = QUERIES["name prefix"]
    full = engine(staged, *cli_args(query))["jobSummaryList"]
    seen, token, steps = [], None, 0
    while True:
        config = dict(MaxItems=max_items, PageSize=page_size)
        if token is not None:
            config["StartingToken"] = token
        got = boto_walk(batch, query, **config)
        expected = engine(staged, *cli_args(query), *paging_args(max_items, page_size, token))
        assert got["jobSummaryList"] == expected["jobSummaryList"]
        assert got.get("NextToken") == expected.get("NextToken"), f"step {steps}"
        seen += got["jobSummaryList"]
        token = got.get("NextToken")
        steps += 1
        if token is None or steps > 200:
            break
    assert seen == full


def test_a_rust_token_resumes_in_boto3_and_back(batch, staged):
    query = QUERIES["name prefix"]
    first = engine(staged, *cli_args(query), *paging_args(5, 3))
    assert re.fullmatch(r"[A-Za-z0-9+/]+=*", first["NextToken"])
    from_boto = boto_walk(batch, query, MaxItems=4, PageSize=3, StartingToken=first["NextToken"])
    from_rust = engine(staged, *cli_args(query), *paging_args(4, 3, first["NextToken"]))
    assert from_boto == from_rust


def test_a_legacy_token_resumes_like_botocore(batch, staged):
    query = QUERIES["name prefix"]
    page = batch.list_service_jobs(**query, maxResults=10)
    legacy = f"{page['nextToken']}___3"
    got = boto_walk(batch, query, MaxItems=6, PageSize=10, StartingToken=legacy)
    expected = engine(staged, *cli_args(query), *paging_args(6, 10, legacy))
    assert got == expected
    assert len(got["jobSummaryList"]) == 6


def test_raw_calls_equal_the_engines_raw_calls(batch, staged):
    query = QUERIES["status by ARN"]
    page = batch.list_service_jobs(**query, maxResults=3)
    page.pop("ResponseMetadata")
    assert page == engine(staged, *cli_args(query), "--max-results", "3")
    second = batch.list_service_jobs(**query, maxResults=3, nextToken=page["nextToken"])
    second.pop("ResponseMetadata")
    expected = engine(
        staged, *cli_args(query), "--max-results", "3", "--next-token", page["nextToken"]
    )
    assert second == expected


@pytest.mark.parametrize(
    "kwargs,cli",
    [
        (dict(maxResults=0), ["--max-results", "0"]),
        (dict(maxResults=101), ["--max-results", "101"]),
        (dict(jobStatus="running"), ["--job-status", "running"]),
        (dict(nextToken="not-a-token"), ["--next-token", "not-a-token"]),
        (
            dict(filters=[{"name": "JOB_NAME", "values": ["a"]}, {"name": "JOB_NAME", "values": ["b"]}]),
            ["--filters", "name=JOB_NAME,values=a", "name=JOB_NAME,values=b"],
        ),
        (dict(filters=[{"name": "JOB_NAME", "values": ["a", "b"]}]), ["--filters", "name=JOB_NAME,values=a,b"]),
        (dict(filters=[{"name": "job_name", "values": ["a"]}]), ["--filters", "name=job_name,values=a"]),
    ],
)
def test_bad_requests_raise_client_exception_with_the_engines_message(batch, staged, kwargs, cli):
    # botocore's model has no range or enum checks here, so these reach the server.
    with pytest.raises(ClientError) as caught:
        batch.list_service_jobs(jobQueue="training", **kwargs)
    error = caught.value.response["Error"]
    assert error["Code"] == "ClientException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Message"] == engine_error(staged, "--job-queue", "training", *cli)
    assert isinstance(caught.value, batch.exceptions.ClientException)


def test_known_aws_wordings(batch, staged):
    with pytest.raises(batch.exceptions.ClientException, match="Only one filter key-value pair"):
        batch.list_service_jobs(
            jobQueue="training",
            filters=[{"name": "JOB_NAME", "values": ["a"]}, {"name": "SHARE_IDENTIFIER", "values": ["b"]}],
        )


def test_the_paginator_raises_on_a_bad_page_size(batch, staged):
    paginator = batch.get_paginator("list_service_jobs")
    with pytest.raises(batch.exceptions.ClientException, match="Invalid maxResults 500"):
        paginator.paginate(jobQueue="training", PaginationConfig={"PageSize": 500}).build_full_result()


def test_submit_then_list(batch, staged):
    answer = batch.submit_service_job(
        jobName="submitted-1",
        jobQueue="research",
        serviceRequestPayload="{}",
        serviceJobType="SAGEMAKER_TRAINING",
        schedulingPriority=9999,
        retryStrategy={"attempts": 10},
        quotaShareName="gold",
    )
    job_id = answer["jobId"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", job_id)
    assert answer["jobName"] == "submitted-1"
    assert answer["jobArn"] == f"arn:aws:batch:us-east-1:123456789012:service-job/{job_id}"
    listed = batch.list_service_jobs(jobQueue="research", jobStatus="SUBMITTED")["jobSummaryList"]
    assert listed[0]["jobId"] == job_id  # the newest job comes first
    assert listed[0]["quotaShareName"] == "gold"
    assert listed[0]["status"] == "SUBMITTED"


@pytest.mark.parametrize(
    "change,message",
    [
        (dict(jobName="bad name"), "Invalid jobName 'bad name'"),
        (dict(jobName="x" * 129), "Invalid jobName"),
        (dict(schedulingPriority=10000), "Invalid schedulingPriority 10000"),
        (dict(schedulingPriority=-1), "Invalid schedulingPriority -1"),
        (dict(retryStrategy={"attempts": 0}), "Invalid retryStrategy.attempts 0"),
        (dict(serviceJobType="ECS"), "Invalid serviceJobType 'ECS'"),
        (dict(jobQueue="no-such-queue"), "Invalid jobQueue 'no-such-queue': no job queue"),
    ],
)
def test_submit_validation(batch, staged, change, message):
    request = dict(
        jobName="ok", jobQueue="training", serviceRequestPayload="{}", serviceJobType="SAGEMAKER_TRAINING"
    )
    with pytest.raises(batch.exceptions.ClientException) as caught:
        batch.submit_service_job(**{**request, **change})
    assert caught.value.response["Error"]["Message"].startswith(message)


def test_botocore_checks_required_members_itself(batch, staged):
    with pytest.raises(ParamValidationError):
        batch.submit_service_job(jobName="x", jobQueue="training", serviceJobType="SAGEMAKER_TRAINING")


def test_created_queues_accept_jobs(batch, server, staged):
    arn = "arn:aws:batch:us-east-1:123456789012:job-queue/fresh"
    status, _, body = server.request("POST", "/_batchlist/queues", {"jobQueueArn": arn})
    assert status == 200, body
    job = batch.submit_service_job(
        jobName="first", jobQueue="fresh", serviceRequestPayload="{}", serviceJobType="SAGEMAKER_TRAINING"
    )
    listed = batch.list_service_jobs(jobQueue=arn, jobStatus="SUBMITTED")["jobSummaryList"]
    assert [j["jobId"] for j in listed] == [job["jobId"]]


def test_concurrent_walks_and_submits_agree(batch, staged):
    query = QUERIES["running by name"]
    expected = engine(staged, *cli_args(query))["jobSummaryList"]

    def walk(i):
        if i % 4 == 0:
            batch.submit_service_job(
                jobName=f"c{i}", jobQueue="research", serviceRequestPayload="{}",
                serviceJobType="SAGEMAKER_TRAINING",
            )
            return None
        return boto_walk(batch, query, PageSize=1 + i % 5)["jobSummaryList"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(walk, range(40)))
    # Submissions go to another queue and are SUBMITTED, so RUNNING walks never change.
    assert all(r == expected for r in results if r is not None)
    submitted = batch.list_service_jobs(jobQueue="research", jobStatus="SUBMITTED", maxResults=100)
    assert sum(j["jobName"].startswith("c") for j in submitted["jobSummaryList"]) == 10


def submit(batch, name="followed"):
    return batch.submit_service_job(
        jobName=name, jobQueue="training", serviceRequestPayload="{}",
        serviceJobType="SAGEMAKER_TRAINING", shareIdentifier="teamA",
    )["jobId"]


def test_describe_returns_the_submitted_job(batch, staged):
    job_id = submit(batch)
    job = batch.describe_service_job(jobId=job_id)
    job.pop("ResponseMetadata")
    assert job == {
        "createdAt": job["createdAt"],
        "isTerminated": False,
        "jobArn": f"arn:aws:batch:us-east-1:123456789012:service-job/{job_id}",
        "jobId": job_id,
        "jobName": "followed",
        "jobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/training",
        "serviceJobType": "SAGEMAKER_TRAINING",
        "shareIdentifier": "teamA",
        "status": "SUBMITTED",
    }


def test_describe_returns_a_loaded_job_as_listed(batch, staged):
    listed = batch.list_service_jobs(jobQueue="training", maxResults=1)["jobSummaryList"][0]
    job = batch.describe_service_job(jobId=listed["jobId"])
    for member, value in listed.items():
        assert job[member] == value, member
    assert job["jobQueue"].endswith(":job-queue/training")


def test_r_term_1_terminating_a_job_fails_it_and_marks_it_terminated(batch, staged):
    job_id = submit(batch, "to-stop")
    before = batch.describe_service_job(jobId=job_id)
    answer = batch.terminate_service_job(jobId=job_id, reason="Stopped by the test")
    answer.pop("ResponseMetadata")
    assert answer == {}
    job = batch.describe_service_job(jobId=job_id)
    assert (job["status"], job["isTerminated"], job["statusReason"]) == (
        "FAILED", True, "Stopped by the test")
    assert job["stoppedAt"] >= before["createdAt"]
    assert "startedAt" not in job  # it never started
    # The listing agrees: the job is FAILED now, and no longer SUBMITTED.
    failed = batch.list_service_jobs(
        jobQueue="training", filters=[{"name": "JOB_NAME", "values": ["to-stop"]}])["jobSummaryList"]
    assert [(j["jobId"], j["status"], j["isTerminated"]) for j in failed] == [(job_id, "FAILED", True)]
    submitted = batch.list_service_jobs(jobQueue="training", jobStatus="SUBMITTED")["jobSummaryList"]
    assert job_id not in [j["jobId"] for j in submitted]


def test_r_term_2_terminating_a_finished_job_changes_nothing(batch, staged):
    done = batch.list_service_jobs(jobQueue="training", jobStatus="SUCCEEDED", maxResults=1)
    job_id = done["jobSummaryList"][0]["jobId"]
    before = batch.describe_service_job(jobId=job_id)
    batch.terminate_service_job(jobId=job_id, reason="too late")
    after = batch.describe_service_job(jobId=job_id)
    for reply in (before, after):
        reply.pop("ResponseMetadata")
    assert after == before
    assert after["status"] == "SUCCEEDED" and after["isTerminated"] is False
    # A second termination of a terminated job keeps the first reason.
    job_id = submit(batch, "twice")
    batch.terminate_service_job(jobId=job_id, reason="first")
    batch.terminate_service_job(jobId=job_id, reason="second")
    assert batch.describe_service_job(jobId=job_id)["statusReason"] == "first"


def test_unknown_job_ids_are_client_exceptions(batch, staged):
    for call in (
        lambda: batch.describe_service_job(jobId="no-such-job"),
        lambda: batch.terminate_service_job(jobId="no-such-job", reason="r"),
    ):
        with pytest.raises(batch.exceptions.ClientException) as caught:
            call()
        assert caught.value.response["Error"]["Message"] == (
            "Invalid jobId 'no-such-job': no service job has that ID.")


def test_botocore_requires_the_reason_itself(batch, staged):
    with pytest.raises(ParamValidationError):
        batch.terminate_service_job(jobId="x")


def test_the_server_requires_the_models_members_too(server, staged):
    status, headers, body = server.request("POST", "/v1/terminateservicejob", {"jobId": "x"})
    assert (status, headers["x-amzn-errortype"]) == (400, "ClientException")
    assert json.loads(body)["message"] == "reason is required."
    status, _, body = server.request("POST", "/v1/describeservicejob", {"jobId": 5})
    assert json.loads(body)["message"] == "Invalid jobId: expected a string, found a number."
