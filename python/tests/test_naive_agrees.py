"""The benchmark's baseline (benches/naive.py, plain Python) lists the same jobs as the
binding, so the benchmark compares two answers to the same question; it also checks the
binding's rules against an independent implementation of them."""

import random
import sys
from pathlib import Path

from conftest import synthetic_jobs
from test_job_index import random_requests

from batchlist import JobIndex

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benches"))
import naive  # noqa: E402


def walk_ids(answer, request):
    request, listed = dict(request), []
    while True:
        page = answer(request)
        listed.append([j["jobId"] for j in page["jobSummaryList"]])
        if "nextToken" not in page:
            return listed
        request["nextToken"] = page["nextToken"]


def test_same_pages_as_the_binding():
    jobs = synthetic_jobs(800, seed=23)
    index = JobIndex(jobs)
    rng = random.Random(9)
    total = 0
    for request in random_requests(rng, 80):
        expected = walk_ids(index.list_service_jobs, request)
        assert walk_ids(lambda r: naive.list_service_jobs(jobs, r), request) == expected, request
        total += sum(map(len, expected))
    assert total > 2000
