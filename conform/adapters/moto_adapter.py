#!/usr/bin/env python3
"""A batchlist conformance adapter for moto, the Python AWS mock.

moto has no ListServiceJobs. Its Batch backend's ``list_jobs`` (ListJobs) applies the
nearest filter rules, so this adapter stages each fixture as moto jobs, in moto's own backend
objects, in-process under ``mock_aws``, then answers the request with ``list_jobs`` exactly as
moto's ``POST /v1/listjobs`` handler would (jobQueue, jobStatus and filters passed through;
moto reads no maxResults or nextToken). The answer maps moto's job objects back to the
wire response. The adapter protocol is in spec/vectors/README.md.

Run (moto is not a dependency of the project; install it in a venv):

    python3 -m venv /tmp/motoenv && /tmp/motoenv/bin/pip install moto boto3
    cargo run -p batchlist-cli -- conform \
        --adapter '/tmp/motoenv/bin/python conform/adapters/moto_adapter.py'

With --sort, moto's answer is sorted newest first (jobId breaking ties) before it is sent,
to tell which differences are only moto's unsorted order.
"""

import json
import sys
import types
from datetime import datetime, timezone

from moto import mock_aws
from moto.batch.models import Job, JobQueue, batch_backends
from moto.core.exceptions import JsonRESTError
from moto.moto_api import state_manager

# --sort: sort moto's answer newest first (jobId breaking ties) before answering, to tell
# which differences are only moto's unsorted order.
SORT = "--sort" in sys.argv[1:]
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


def parse_queue_arn(value):
    """(account, region, name) of arn:PARTITION:batch:REGION:ACCOUNT:job-queue/NAME, or None."""
    parts = value.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "batch":
        return None
    resource = parts[5]
    if not resource.startswith("job-queue/"):
        return None
    return parts[4], parts[3], resource[len("job-queue/"):]


class Stage:
    """The moto backends holding the current fixture."""

    def __init__(self):
        self.touched = []

    def backend(self, account, region):
        backend = batch_backends[account][region]
        if backend not in self.touched:
            self.touched.append(backend)
        return backend

    def clear(self):
        for backend in self.touched:
            backend._jobs.clear()
            backend._job_queues.clear()
        self.touched = []

    def queue(self, account, region, name):
        backend = self.backend(account, region)
        existing = backend.get_job_queue_by_name(name)
        if existing is not None:
            return backend, existing
        queue = JobQueue(name, "1", "ENABLED", [], [], None, backend)
        backend._job_queues[queue.arn] = queue
        return backend, queue

    def load(self, jobs):
        """Stages the fixture: one moto JobQueue per queue ARN, one moto Job per job."""
        self.clear()
        for record in jobs:
            where = parse_queue_arn(record["jobQueue"])
            if where is None:
                raise ValueError(f"fixture job {record['jobId']} has no queue ARN")
            account, region, name = where
            backend, queue = self.queue(account, region, name)
            # A job definition stub: moto's Job reads only these members before it is started
            # (it never is: the adapter only lists).
            job_def = types.SimpleNamespace(
                parameters={},
                arn=f"arn:aws:batch:{region}:{account}:job-definition/conform:1",
                backend=backend,
                _region=region,
                name="conform",
            )
            job = Job(
                record["jobName"], job_def, queue, backend, None, None, None, None, None,
                backend._jobs, None, {}, provided_job_id=record["jobId"],
            )
            job.status = record["status"]
            try:
                job.job_created_at = datetime.fromtimestamp(
                    record["createdAt"] / 1000, tz=timezone.utc
                ).replace(tzinfo=None)
            except (OverflowError, ValueError, OSError):
                job.job_created_at = datetime.max  # past year 9999: moto's datetime cannot hold it
            job.conform_created_at = record["createdAt"]
            backend._jobs[job.job_id] = job


def answer(stage, message):
    stage.load(message["fixture"])
    if "rawRequest" in message:
        body = message["rawRequest"]
        try:
            request = json.loads(body)
        except ValueError as e:
            return {"error": {"type": "SerializationException", "message": f"moto cannot read the body: {e}"}}
    else:
        request = message["request"]
    if not isinstance(request, dict):
        return {"error": {"type": "SerializationException", "message": "moto reads members of a JSON object only"}}
    queue = request.get("jobQueue")
    account, region = DEFAULT_ACCOUNT, DEFAULT_REGION
    if isinstance(queue, str) and parse_queue_arn(queue) is not None:
        account, region, _ = parse_queue_arn(queue)
    try:
        backend = stage.backend(account, region)
        jobs = backend.list_jobs(
            job_queue_name=queue,
            array_job_id=None,
            job_status=request.get("jobStatus"),
            filters=request.get("filters"),
        )
    except JsonRESTError as e:
        return {"error": {"type": e.error_type, "message": e.message}}
    except Exception as e:  # moto's server would answer 500
        return {"error": {"type": "InternalFailure", "message": f"moto raised {type(e).__name__}: {e}"}}
    if SORT:
        jobs = sorted(jobs, key=lambda j: (-j.conform_created_at, j.job_id.encode()))
    return {"response": {"jobSummaryList": [
        {"jobId": j.job_id, "jobName": j.job_name, "status": j._status} for j in jobs
    ]}}


def main():
    with mock_aws():
        # Statuses stay as staged: moto would otherwise advance a job's status when read.
        state_manager.set_transition(
            model_name="batch::job", transition={"progression": "manual", "times": 10**9}
        )
        stage = Stage()
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                out = answer(stage, json.loads(line))
            except Exception as e:
                out = {"adapterError": f"{type(e).__name__}: {e}"}
            sys.stdout.write(json.dumps(out) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
