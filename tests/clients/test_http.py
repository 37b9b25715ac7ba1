"""The wire around the operations: routes, methods, bodies, and the admin API."""

import json

from conftest import run_cli


def test_unknown_route_is_404(server):
    status, headers, body = server.request("POST", "/v1/nosuchoperation", b"{}")
    assert status == 404
    assert headers["x-amzn-errortype"] == "UnknownOperationException"
    assert "message" in json.loads(body)


def test_wrong_method_is_405(server):
    status, headers, _ = server.request("GET", "/v1/listservicejobs")
    assert status == 405
    assert headers["allow"] == "POST"


def test_bad_json_is_a_client_exception(server):
    status, headers, body = server.request("POST", "/v1/listservicejobs", b'{"jobQueue": ')
    assert status == 400
    assert headers["x-amzn-errortype"] == "ClientException"
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["message"].startswith("The request body is not valid JSON")


def test_trailing_characters_are_rejected(server):
    status, _, body = server.request("POST", "/v1/listservicejobs", b'{"jobQueue": "q"} x')
    assert status == 400
    assert "not valid JSON" in json.loads(body)["message"]


def test_bodies_over_one_mib_are_413(server):
    big = b'{"jobQueue": "' + b"q" * (1 << 20) + b'"}'
    status, headers, body = server.request("POST", "/v1/listservicejobs", big)
    assert status == 413
    assert headers["x-amzn-errortype"] == "ClientException"
    assert json.loads(body)["message"] == "The request body is larger than 1048576 bytes."


def test_an_empty_body_is_an_empty_request(server):
    status, _, body = server.request("POST", "/v1/listservicejobs", b"")
    assert status == 400
    assert json.loads(body)["message"].startswith("jobQueue is required")


def test_admin_replace_upsert_and_get(server, tmp_path):
    code, out, _ = run_cli("gen", "--count", "5", "--seed", "1")
    assert code == 0
    jobs = json.loads(out)
    status, _, body = server.request("PUT", "/_batchlist/jobs", jobs)
    assert (status, json.loads(body)) == (200, {"jobs": 5})
    changed = dict(jobs[0], status="FAILED", isTerminated=True)
    status, _, body = server.request("POST", "/_batchlist/jobs", [changed])
    assert (status, json.loads(body)) == (200, {"jobs": 5})
    status, _, body = server.request("GET", "/_batchlist/jobs")
    assert json.loads(body)[0] == changed
    status, _, body = server.request("PUT", "/_batchlist/jobs", [jobs[0], jobs[0]])
    assert status == 400 and "appears more than once" in json.loads(body)["message"]
    status, _, body = server.request("PUT", "/_batchlist/jobs", [{"jobId": "x"}])
    assert status == 400 and json.loads(body)["message"].startswith("Invalid job file")
