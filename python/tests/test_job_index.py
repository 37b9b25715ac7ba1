"""batchlist.JobIndex: the same pages and tokens as list_service_jobs over the same jobs,
kept up to date in place."""

import json
import random

import pytest
from conftest import QUEUE, STATUSES, job, synthetic_jobs

from batchlist import ClientException, JobIndex, list_service_jobs


def random_requests(rng, count):
    names = ["train*", "TRAIN-LLM*", "eval-3", "*", "finetune-bert-1*", "nope"]
    out = []
    for _ in range(count):
        request = {"jobQueue": rng.choice(["training", "inference", QUEUE])}
        kind = rng.randrange(6)
        if kind == 1:
            request["jobStatus"] = rng.choice(STATUSES)
        elif kind == 2:
            request["filters"] = [{"name": "JOB_NAME", "values": [rng.choice(names)]}]
        elif kind == 3:
            bound = str(1_767_225_600_000 + rng.randint(0, 5000))
            request["filters"] = [{"name": rng.choice(["BEFORE_CREATED_AT", "AFTER_CREATED_AT"]), "values": [bound]}]
        elif kind in (4, 5):
            name, value = rng.choice([("SHARE_IDENTIFIER", "teamA"), ("QUOTA_SHARE_NAME", "gold")])
            request["filters"] = [{"name": name, "values": [value]}]
            if kind == 5:
                request["jobStatus"] = rng.choice(STATUSES)
        request["maxResults"] = rng.choice([4, 9, 25, 100])
        out.append(request)
    return out


def walk(answer, request):
    """Every page of a walk: (job IDs, token) per page."""
    request = dict(request)
    pages = []
    while True:
        page = answer(request)
        pages.append(([j["jobId"] for j in page["jobSummaryList"]], page.get("nextToken")))
        if "nextToken" not in page:
            return pages
        request["nextToken"] = page["nextToken"]


def test_pages_and_tokens_equal_list_service_jobs(jobs):
    index = JobIndex(jobs)
    rng = random.Random(5)
    nonempty = 0
    for request in random_requests(rng, 60):
        expected = walk(lambda r: list_service_jobs(jobs, r), request)
        got = walk(index.list_service_jobs, request)
        assert got == expected, request
        # Whole responses too, not only IDs and tokens.
        first = dict(request)
        assert index.list_service_jobs(first) == list_service_jobs(jobs, first)
        nonempty += bool(expected[0][0])
    assert nonempty > 30


def test_answer_http_bytes_are_the_responses_json(jobs):
    index = JobIndex(jobs)
    request = {"jobQueue": "training", "maxResults": 5}
    status, error_type, body = index.answer_http(json.dumps(request).encode())
    assert (status, error_type) == (200, None)
    expected = index.list_service_jobs(request)
    assert body == json.dumps(expected, separators=(",", ":"), ensure_ascii=False).encode()
    # An empty body reads as {} (R-REQ-1); str and None are accepted bodies too.
    missing = b'{"message":"jobQueue is required: give the name or ARN of a job queue."}'
    for empty in (b"", b"  \n", "", None):
        assert index.answer_http(empty) == (400, "ClientException", missing)
    # Trailing characters, duplicate members, bad JSON: the core's messages.
    assert index.answer_http(b'{"jobQueue": "training"} x')[2].startswith(
        b'{"message":"The request body is not valid JSON: trailing characters')
    assert index.answer_http(b'{"jobQueue": "a", "jobQueue": "b"}') == (
        400, "ClientException", b'{"message":"The request member jobQueue appears more than once."}')
    assert index.answer_http(b"\xff")[0] == 400


def test_insert_remove_set_status_get_len_iter():
    index = JobIndex()
    assert len(index) == 0 and list(index) == [] and repr(index) == "<batchlist.JobIndex of 0 jobs>"
    assert index.insert(job("a", "train-1", "RUNNING", 10)) is None
    assert index.insert(job("b", "train-2", "RUNNING", 20, shareIdentifier="s")) is None
    assert len(index) == 2 and "a" in index and "zz" not in index and 3 not in index
    # get returns the job file's form: serviceJobType filled in, absent members absent.
    assert index.get("b") == {**job("b", "train-2", "RUNNING", 20, shareIdentifier="s"),
                              "serviceJobType": "SAGEMAKER_TRAINING"}
    assert index.get("zz") is None
    assert sorted(j["jobId"] for j in index) == ["a", "b"]
    page = index.list_service_jobs({"jobQueue": "training"})
    assert [j["jobId"] for j in page["jobSummaryList"]] == ["b", "a"]

    # Replacing by jobId returns the old job.
    old = index.insert(job("a", "train-1", "RUNNING", 30))
    assert old["createdAt"] == 10 and len(index) == 2
    assert [j["jobId"] for j in index.list_service_jobs({"jobQueue": "training"})["jobSummaryList"]] == ["a", "b"]

    assert index.set_status("a", "FAILED") is True
    assert index.set_status("zz", "FAILED") is False
    assert index.get("a")["status"] == "FAILED"
    assert [j["jobId"] for j in index.list_service_jobs({"jobQueue": "training"})["jobSummaryList"]] == ["b"]
    with pytest.raises(ValueError, match=r"^Invalid status 'failed': expected one of SUBMITTED, .*, FAILED\.$"):
        index.set_status("a", "failed")

    assert index.remove("b")["jobId"] == "b"
    assert index.remove("b") is None
    assert len(index) == 1 and "b" not in index


def test_bad_jobs_are_refused_and_leave_the_index_unchanged():
    index = JobIndex([job("a", "x")])
    with pytest.raises(ValueError, match=r"^Job 'b': jobName is empty\.$"):
        index.insert(job("b", ""))
    with pytest.raises(ValueError, match=r"^Job 'b': missing field `status`\.$"):
        index.insert({k: v for k, v in job("b", "y").items() if k != "status"})
    with pytest.raises(ValueError, match=r"^Job: expected a dict of the job file's members, found list\.$"):
        index.insert([])
    with pytest.raises(ValueError, match=r"^jobs\[1\] \(jobId 'a'\): jobId appears more than once"):
        JobIndex([job("a", "x"), job("a", "y")])
    assert len(index) == 1 and index.get("a")["jobName"] == "x"


def test_a_token_stays_valid_while_the_index_changes():
    """Keyset paging (R-PAGE-3): jobs added, removed or finished between pages are neither
    repeated nor skipped among those still matching, exactly as over the changed list."""
    jobs = synthetic_jobs(400, seed=3)
    index = JobIndex(jobs)
    request = {"jobQueue": "training", "jobStatus": "RUNNING", "maxResults": 10}
    first = index.list_service_jobs(request)
    seen = [j["jobId"] for j in first["jobSummaryList"]]
    # Change the set: finish a later job, add a new newest one, remove a listed one.
    later = [j for j in index.list_service_jobs({**request, "maxResults": 100})["jobSummaryList"]][20]["jobId"]
    assert index.set_status(later, "SUCCEEDED")
    index.insert(job("new", "train-new", "RUNNING", 9_999_999_999_999))
    index.remove(seen[0])
    current = list(index)
    rest = walk(index.list_service_jobs, {**request, "nextToken": first["nextToken"]})
    expected = walk(lambda r: list_service_jobs(current, r), {**request, "nextToken": first["nextToken"]})
    assert rest == expected
    listed = [i for ids, _ in rest for i in ids]
    assert later not in listed and "new" not in listed and not set(listed) & set(seen)


def test_bad_requests_raise_client_exception(jobs):
    index = JobIndex(jobs)
    with pytest.raises(ClientException, match=r"^Invalid maxResults 101: expected an integer from 1 to 100\.$"):
        index.list_service_jobs({"jobQueue": "training", "maxResults": 101})
    token = index.list_service_jobs({"jobQueue": "training", "maxResults": 1})["nextToken"]
    with pytest.raises(ClientException, match="the token belongs to a different query"):
        index.list_service_jobs({"jobQueue": "inference", "nextToken": token})
