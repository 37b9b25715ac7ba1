"""Fixtures for driving `batchlist serve` with real AWS clients (boto3, the aws cli).

The server is started once per session on a free port (`--addr 127.0.0.1:0`, the port read
from its first line of output) with no jobs; each test module stages the jobs it needs
through the admin API, and compares what the clients see with what `batchlist
list-service-jobs --jobs FILE` (the Rust engine and paginator, no HTTP) prints.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
# The command as the tests' oracle, shared with the other Python test suite.
sys.path.insert(0, str(ROOT / "tests"))
from batchlist_cli import BINARY, engine, engine_error, run_cli  # noqa: E402,F401

# Dummy credentials: the server ignores SigV4, but botocore refuses to sign without them.
CLIENT_ENV = {
    "AWS_ACCESS_KEY_ID": "x",
    "AWS_SECRET_ACCESS_KEY": "x",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_PAGER": "",
}


class Server:
    """A running `batchlist serve` and small helpers for its admin API."""

    def __init__(self, url):
        self.url = url

    def request(self, method, path, body=None, headers=None):
        """Sends raw bytes; returns (status, headers, body) for every status code."""
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def stage(self, jobs_file):
        """Replaces every job on the server with the job file's."""
        status, _, body = self.request("PUT", "/_batchlist/jobs", Path(jobs_file).read_bytes())
        assert status == 200, body
        return json.loads(body)["jobs"]


@pytest.fixture(scope="session")
def server():
    assert BINARY.exists(), f"build it first: cargo build -p batchlist-cli ({BINARY})"
    proc = subprocess.Popen(
        [str(BINARY), "serve", "--addr", "127.0.0.1:0", "--empty"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        first = proc.stdout.readline().strip()
        assert first.startswith("listening on http://"), first
        yield Server(first.removeprefix("listening on "))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def jobs_file(tmp_path_factory):
    """1,000 synthetic jobs: enough for several 100-job pages in one queue."""
    path = tmp_path_factory.mktemp("jobs") / "jobs.json"
    subprocess.run(
        [str(BINARY), "gen", "--count", "1000", "--seed", "7", "--out", str(path)], check=True
    )
    return path


@pytest.fixture()
def staged(server, jobs_file):
    server.stage(jobs_file)
    return jobs_file


@pytest.fixture(scope="session")
def batch(server):
    return boto3.client(
        "batch",
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 1}),
    )


def aws(server, *args):
    """`aws batch ARGS --endpoint-url SERVER`: returns (exit code, stdout, stderr)."""
    env = {**os.environ, **CLIENT_ENV}
    # The aws cli installed beside the Python that runs the tests (the .venv).
    aws_bin = Path(sys.executable).parent / "aws"
    done = subprocess.run(
        [str(aws_bin), "batch", *args, "--endpoint-url", server.url],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    return done.returncode, done.stdout, done.stderr
