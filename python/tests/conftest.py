"""Shared fixtures for the Python binding's tests.

The tests import the installed ``batchlist`` (``pip install ./python`` or ``maturin
develop``), never the source folder. Where they compare with the Rust engine they run the
``batchlist`` command (``BATCHLIST_BIN``, default ``target/debug/batchlist``): its
``list-service-jobs`` is the core and its botocore-compatible paginator, with no Python in
between.
"""

import json
import os
import random
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("BATCHLIST_BIN", ROOT / "target" / "debug" / "batchlist"))

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


def run_cli(*args):
    """`batchlist ARGS`: (exit code, stdout, stderr)."""
    assert BINARY.exists(), f"build the command first: cargo build -p batchlist-cli ({BINARY})"
    done = subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def engine(jobs_file, *args):
    """What the Rust engine and paginator print for `list-service-jobs --jobs FILE ARGS`."""
    code, out, err = run_cli("list-service-jobs", "--jobs", str(jobs_file), *args)
    assert code == 0, err
    return json.loads(out)


def engine_error(jobs_file, *args):
    """The engine's ClientException message for `list-service-jobs --jobs FILE ARGS`."""
    code, out, err = run_cli("list-service-jobs", "--jobs", str(jobs_file), *args)
    assert code == 254, (code, out, err)
    prefix = "An error occurred (ClientException) when calling the ListServiceJobs operation: "
    line = err.strip()
    assert line.startswith(prefix), err
    return line[len(prefix):]
