"""batchlist.list_service_jobs: the rules through the binding, the core's exact responses and
messages, and a clear error for every kind of bad input."""

import json

import pytest
from conftest import QUEUE, engine, engine_error, job

import batchlist
from batchlist import ClientException, list_service_jobs

FIXTURE = [
    job("r1", "nightly", "RUNNING", 1500),
    job("r2", "Train-2", "RUNNING", 2500, shareIdentifier="teamA"),
    job("f1", "train-1", "FAILED", 3000, shareIdentifier="teamA", quotaShareName="gold"),
    job("s1", "train-10", "SUCCEEDED", 2500),
    job("q1", "eval", "RUNNABLE", 500, queue="arn:aws:batch:us-west-2:123456789012:job-queue/training"),
]


def ids(response):
    return [j["jobId"] for j in response["jobSummaryList"]]


@pytest.mark.parametrize(
    "request_, expected",
    [
        # R-STATUS-2: no status, no filter: RUNNING only, newest first.
        ({"jobQueue": "training"}, ["r2", "r1"]),
        ({"jobQueue": "training", "jobStatus": "RUNNABLE"}, ["q1"]),
        # R-QUEUE-2: an ARN matches that queue only.
        ({"jobQueue": "arn:aws:batch:us-west-2:123456789012:job-queue/training", "jobStatus": "RUNNABLE"}, ["q1"]),
        ({"jobQueue": QUEUE, "jobStatus": "RUNNABLE"}, []),
        # R-FILTER-5, R-ORDER-2: JOB_NAME ignores the status and groups by folded name.
        ({"jobQueue": "training", "jobStatus": "RUNNING", "filters": [{"name": "JOB_NAME", "values": ["TRAIN*"]}]},
         ["f1", "s1", "r2"]),
        ({"jobQueue": "training", "filters": [{"name": "JOB_NAME", "values": ["train-1"]}]}, ["f1"]),
        # R-TIME-2/3: strict bounds.
        ({"jobQueue": "training", "filters": [{"name": "BEFORE_CREATED_AT", "values": ["2500"]}]}, ["r1", "q1"]),
        ({"jobQueue": "training", "filters": [{"name": "AFTER_CREATED_AT", "values": ["2500"]}]}, ["f1"]),
        # R-FILTER-6: SHARE_IDENTIFIER with and without a status.
        ({"jobQueue": "training", "filters": [{"name": "SHARE_IDENTIFIER", "values": ["teamA"]}]}, ["f1", "r2"]),
        ({"jobQueue": "training", "jobStatus": "FAILED", "filters": [{"name": "SHARE_IDENTIFIER", "values": ["teamA"]}]},
         ["f1"]),
        ({"jobQueue": "training", "filters": [{"name": "QUOTA_SHARE_NAME", "values": ["gold"]}]}, ["f1"]),
        # R-FILTER-4: [] is no filter. Tuples are lists, as json.dumps writes them.
        ({"jobQueue": "training", "filters": []}, ["r2", "r1"]),
        ({"jobQueue": "training", "filters": ({"name": "JOB_NAME", "values": ("eval",)},)}, ["q1"]),
        # R-ORDER-1: equal times are ordered by jobId.
        ({"jobQueue": "training", "filters": [{"name": "AFTER_CREATED_AT", "values": ["2000"]}]}, ["f1", "r2", "s1"]),
        # Unknown members and None values are ignored, as on the wire (R-REQ-1).
        ({"jobQueue": "training", "jobStatus": None, "nextToken": None, "PaginationConfig": {}}, ["r2", "r1"]),
    ],
)
def test_rules(request_, expected):
    assert ids(list_service_jobs(FIXTURE, request_)) == expected


def test_response_is_the_cores_serde_form_member_for_member(tmp_path):
    """The dict holds exactly the JSON the engine prints (and in the same member order)."""
    jobs = [
        job("a", "train-1", "RUNNING", 10, jobArn="arn:aws:batch:us-east-1:123456789012:service-job/a",
            statusReason="ok", scheduledAt=11, startedAt=12, stoppedAt=13, shareIdentifier="s",
            quotaShareName="q", capacityUsage=[{"capacityUnit": "NUM_INSTANCES", "quantity": 2.5}],
            latestAttempt={"serviceResourceId": {"name": "TrainingJobArn", "value": "arn:x"}},
            isTerminated=True, serviceJobType="SAGEMAKER_TRAINING"),
        job("b", "train-2", "RUNNING", 9),
    ]
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps(jobs))
    got = list_service_jobs(jobs, {"jobQueue": "training", "maxResults": 1})
    expected = engine(path, "--job-queue", "training", "--no-paginate", "--max-results", "1")
    assert got == expected
    assert [list(j) for j in got["jobSummaryList"]] == [list(j) for j in expected["jobSummaryList"]]
    assert list(got) == ["jobSummaryList", "nextToken"]
    # isTerminated only when true; absent members stay absent (R-RESP-1).
    assert got["jobSummaryList"][0]["isTerminated"] is True
    last = list_service_jobs(jobs, {"jobQueue": "training", "nextToken": got["nextToken"]})
    assert ids(last) == ["b"] and "nextToken" not in last
    assert set(last["jobSummaryList"][0]) == {"createdAt", "jobId", "jobName", "serviceJobType", "status"}


def test_walk_tokens_equal_the_engines(jobs, jobs_file):
    request = {"jobQueue": "training", "filters": [{"name": "JOB_NAME", "values": ["train*"]}], "maxResults": 7}
    token, pages = None, 0
    while True:
        args = ["--job-queue", "training", "--filters", "name=JOB_NAME,values=train*", "--no-paginate",
                "--max-results", "7"]
        if token:
            request["nextToken"] = token
            args += ["--next-token", token]
        got = list_service_jobs(jobs, request)
        assert got == engine(jobs_file, *args)
        pages += 1
        token = got.get("nextToken")
        if token is None:
            break
    assert pages > 5


@pytest.mark.parametrize(
    "request_, cli, message",
    [
        ({"jobQueue": "training", "maxResults": 0}, ["--max-results", "0"],
         "Invalid maxResults 0: expected an integer from 1 to 100."),
        ({"jobQueue": "training", "jobStatus": "running"}, ["--job-status", "running"],
         "Invalid jobStatus 'running': expected one of SUBMITTED, PENDING, RUNNABLE, SCHEDULED, STARTING, RUNNING, "
         "SUCCEEDED, FAILED."),
        ({"jobQueue": "training", "filters": [{"name": "JOB_NAME", "values": ["a", "b"]}]},
         ["--filters", '[{"name":"JOB_NAME","values":["a","b"]}]'], "Filter cannot take more than one value."),
        ({"jobQueue": "training", "nextToken": "garbage"}, ["--next-token", "garbage"],
         "Invalid nextToken: the token is malformed or was altered; pass the nextToken of the previous page "
         "unchanged."),
        ({"jobQueue": "no such queue!"}, [],
         "Invalid jobQueue 'no such queue!': expected a job queue name (1 to 128 letters, numbers, hyphens and "
         "underscores) or an ARN arn:aws:batch:REGION:ACCOUNT:job-queue/NAME."),
    ],
)
def test_bad_requests_raise_the_engines_message(jobs_file, request_, cli, message):
    with pytest.raises(ClientException) as err:
        list_service_jobs(FIXTURE, request_)
    assert str(err.value) == message
    if request_["jobQueue"] == "training":
        assert engine_error(jobs_file, "--job-queue", "training", "--no-paginate", *cli) == message


@pytest.mark.parametrize(
    "request_, message",
    [
        ({}, "jobQueue is required: give the name or ARN of a job queue."),
        (None, "The request body must be a JSON object, found null."),
        ([], "The request body must be a JSON object, found a list."),
        ("training", "The request body must be a JSON object, found a string."),
        ({"jobQueue": 3}, "Invalid jobQueue: expected a string, found an integer."),
        ({"jobQueue": "training", "maxResults": True}, "Invalid maxResults: expected an integer from 1 to 100, found a boolean."),
        ({"jobQueue": "training", "maxResults": 2.0}, "Invalid maxResults: expected an integer from 1 to 100, found a non-integer number."),
        # Past 64 bits a JSON reader sees a float, and the core calls it out of range.
        ({"jobQueue": "training", "maxResults": 2**70}, "Invalid maxResults 1180591620717411303424: expected an integer from 1 to 100."),
        ({"jobQueue": "training", "maxResults": 2**64 - 1}, "Invalid maxResults 18446744073709551615: expected an integer from 1 to 100."),
        ({"jobQueue": "training", "filters": [{"name": "JOB_NAME", "values": [1]}]},
         "Invalid filters[0].values[0]: expected a string, found an integer."),
        ({"jobQueue": "training", "filters": [{"values": ["x"]}]},
         "filters[0].name is required: one of JOB_NAME, BEFORE_CREATED_AT, AFTER_CREATED_AT, SHARE_IDENTIFIER, QUOTA_SHARE_NAME."),
        # Values that are not JSON at all: named, never a crash.
        ({"jobQueue": "training", "filters": {"JOB_NAME"}}, "The request body is not valid JSON: filters: a value of type set is not JSON."),
        ({"jobQueue": "training", "maxResults": float("nan")}, "The request body is not valid JSON: maxResults: the float NaN is not JSON."),
        ({"jobQueue": "training", 1: 2}, "The request body is not valid JSON: a dict key of type int is not JSON."),
        ({"jobQueue": "\ud800"}, "The request body is not valid JSON: jobQueue: a str with a lone surrogate is not JSON."),
        (object(), "The request body is not valid JSON: a value of type object is not JSON."),
    ],
)
def test_every_bad_request_is_a_client_exception(request_, message):
    with pytest.raises(ClientException) as err:
        list_service_jobs(FIXTURE, request_)
    assert str(err.value) == message


def test_nesting_and_cycles_are_refused_not_crashed():
    deep = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(ClientException, match=r"nesting deeper than 128 levels is not JSON\.$") as err:
        list_service_jobs([], {"jobQueue": "training", "filters": deep})
    assert "filters[0][0][0][0][0][0][0]..." in str(err.value)
    cycle = {"jobQueue": "training"}
    cycle["self"] = cycle
    with pytest.raises(ClientException, match="nesting deeper than 128 levels"):
        list_service_jobs([], cycle)


def test_client_exception_is_one_exception_class():
    assert issubclass(ClientException, Exception)
    assert batchlist.ClientException is batchlist._batchlist.ClientException
    assert ClientException.__module__ == "batchlist" and ClientException.__name__ == "ClientException"


@pytest.mark.parametrize(
    "bad, message",
    [
        ([job("a", "")], "jobs[0] (jobId 'a'): jobName is empty."),
        ([job("a", "x"), job("", "y")], "jobs[1] (jobId ''): jobId is empty."),
        ([job("a", "x", created_at=-1)],
         "jobs[0] (jobId 'a'): createdAt -1 is negative: expected milliseconds since 1970-01-01T00:00:00Z, from 0."),
        ([job("a", "x", queue="training")],
         "jobs[0] (jobId 'a'): jobQueue 'training' is not a job queue ARN (arn:aws:batch:REGION:ACCOUNT:job-queue/NAME), "
         "so no request could list it."),
        ([job("a", "x"), job("b", "y"), job("a", "z")],
         "jobs[2] (jobId 'a'): jobId appears more than once (first at jobs[0]); job IDs must be unique."),
        ([{"jobQueue": QUEUE, "jobId": "a", "status": "RUNNING", "createdAt": 1}],
         "jobs[0] (jobId 'a'): missing field `jobName`."),
        ([job("a", "x", created_at="1")], "jobs[0] (jobId 'a'): createdAt: invalid type: string \"1\", expected i64."),
        ([job("a", "x", created_at=1.5)], "jobs[0] (jobId 'a'): createdAt: invalid type: floating point `1.5`, expected i64."),
        ([job("a", "x", status="running")],
         "jobs[0] (jobId 'a'): status: unknown variant `running`, expected one of `SUBMITTED`, `PENDING`, "
         "`RUNNABLE`, `SCHEDULED`, `STARTING`, `RUNNING`, `SUCCEEDED`, `FAILED`."),
        ([job("a", "x", isTerminated="yes")],
         "jobs[0] (jobId 'a'): isTerminated: invalid type: string \"yes\", expected a boolean."),
        ([job("a", "x", capacityUsage=[{"quantity": float("inf")}])],
         "jobs[0] (jobId 'a'): capacityUsage[0].quantity: the float inf is not JSON."),
        ([job(7, "x")], "jobs[0]: jobId: invalid type: integer `7`, expected a string."),
        ([job("a" * 100, "")], f"jobs[0] (jobId '{'a' * 64}...'): jobName is empty."),
        ([job("a", "x"), 3], "jobs[1]: expected a dict of the job file's members, found int."),
    ],
)
def test_bad_jobs_raise_value_error_naming_job_and_member(bad, message):
    with pytest.raises(ValueError) as err:
        list_service_jobs(bad, {"jobQueue": "training"})
    assert str(err.value) == message


@pytest.mark.parametrize("jobs_", [{"jobId": "a"}, "jobs", b"jobs", 3, None])
def test_a_job_set_must_be_an_iterable_of_dicts(jobs_):
    with pytest.raises(TypeError):
        list_service_jobs(jobs_, {"jobQueue": "training"})


def test_any_iterable_of_dicts_is_a_job_set():
    assert ids(list_service_jobs((j for j in FIXTURE), {"jobQueue": "training"})) == ["r2", "r1"]
