"""Shared fixtures for the Python binding's tests.

The tests import the installed ``batchlist`` (``pip install ./python`` or ``maturin
develop``), never the source folder. Where they compare with the Rust engine they run the
``batchlist`` command (``BATCHLIST_BIN``, default ``target/debug/batchlist``): its
``list-service-jobs`` is the core and its botocore-compatible paginator, with no Python in
between.
"""

import json
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The command as the tests' oracle, shared with the other Python test suite.
sys.path.insert(0, str(ROOT / "tests"))
from batchlist_cli import BINARY, engine, engine_error, run_cli  # noqa: E402,F401

ACCOUNT = "123456789012"
QUEUE = f"arn:aws:batch:us-east-1:{ACCOUNT}:job-queue/training"
OTHER_QUEUE = f"arn:aws:batch:us-east-1:{ACCOUNT}:job-queue/inference"
STATUSES = ["SUBMITTED", "PENDING", "RUNNABLE", "SCHEDULED", "STARTING", "RUNNING", "SUCCEEDED", "FAILED"]


def job(job_id, name, status="RUNNING", created_at=1000, queue=QUEUE, **members):
    """A job dict with the required members and any others given."""
    return {
        "jobQueue": queue,
        "jobId": job_id,
        "jobName": name,
        "status": status,
        "createdAt": created_at,
        **members,
    }


def synthetic_jobs(count, seed):
    """A reproducible job set with shared names (in several cases), equal creation times,
    every status, share identifiers and quota shares, in two queues."""
    rng = random.Random(seed)
    names = ["train-llm", "Train-Vision", "finetune-bert", "eval", "TRAIN-llm"]
    jobs = []
    for i in range(count):
        members = {}
        if rng.random() < 0.5:
            members["shareIdentifier"] = rng.choice(["teamA", "teamB", "research"])
        if rng.random() < 0.3:
            members["quotaShareName"] = rng.choice(["gold", "silver"])
        if rng.random() < 0.3:
            members["capacityUsage"] = [{"capacityUnit": "ml.p5.48xlarge", "quantity": float(rng.randint(1, 4))}]
        jobs.append(
            job(
                f"job-{i:06d}",
                f"{rng.choice(names)}-{rng.randint(0, 40)}",
                status=rng.choice(STATUSES),
                # Few distinct times: ties broken by jobId are common.
                created_at=1_767_225_600_000 + rng.randint(0, count // 3) * 10,
                queue=QUEUE if rng.random() < 0.8 else OTHER_QUEUE,
                **members,
            )
        )
    return jobs


@pytest.fixture(scope="session")
def jobs():
    return synthetic_jobs(1500, seed=11)


@pytest.fixture(scope="session")
def jobs_file(tmp_path_factory, jobs):
    path = tmp_path_factory.mktemp("jobs") / "jobs.json"
    path.write_text(json.dumps(jobs))
    return path


