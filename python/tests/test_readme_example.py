import boto3
import pytest

from batchlist.testing import answer_list_service_jobs

QUEUE = "arn:aws:batch:us-east-1:123456789012:job-queue/training"


@pytest.fixture
def batch():
    """A real boto3 Batch client whose ListServiceJobs is answered by batchlist."""
    client = boto3.client("batch", region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    jobs = answer_list_service_jobs(client, [
        {"jobQueue": QUEUE, "jobId": "a", "jobName": "train-1", "status": "RUNNING", "createdAt": 1000},
        {"jobQueue": QUEUE, "jobId": "b", "jobName": "train-2", "status": "FAILED", "createdAt": 2000},
        {"jobQueue": QUEUE, "jobId": "c", "jobName": "eval-1", "status": "RUNNING", "createdAt": 3000},
    ])
    client.jobs = jobs  # the JobIndex it answers from, for tests that change jobs
    return client


def running_job_names(client, queue):
    """The code under test: pages through ListServiceJobs with boto3's paginator."""
    pages = client.get_paginator("list_service_jobs").paginate(
        jobQueue=queue, PaginationConfig={"PageSize": 1})
    return [job["jobName"] for page in pages for job in page["jobSummaryList"]]


def test_lists_running_jobs_newest_first(batch):
    assert running_job_names(batch, "training") == ["eval-1", "train-1"]


def test_sees_jobs_change(batch):
    batch.jobs.set_status("c", "SUCCEEDED")
    batch.jobs.insert({"jobQueue": QUEUE, "jobId": "d", "jobName": "train-3",
                       "status": "RUNNING", "createdAt": 4000})
    assert running_job_names(batch, "training") == ["train-3", "train-1"]


def test_a_bad_request_is_the_services_client_exception(batch):
    with pytest.raises(batch.exceptions.ClientException, match=r"Invalid jobStatus 'running'"):
        batch.list_service_jobs(jobQueue="training", jobStatus="running")
