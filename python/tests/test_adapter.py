"""python -m batchlist.adapter: the conformance adapter on the binding, and decode_request,
the core's reading of a raw body that it uses for rawRequest cases."""

import io
import json
import re
import shlex
import sys

import pytest
from conftest import job, run_cli

from batchlist import ClientException, decode_request
from batchlist.adapter import run


@pytest.mark.parametrize("flag", ["", " --index"])
def test_every_conformance_vector_passes(flag):
    command = f"{shlex.quote(sys.executable)} -m batchlist.adapter{flag}"
    code, out, err = run_cli("conform", "--adapter", command)
    first = out.splitlines()[0]
    counts = re.search(r": (\d+) cases, (\d+) passed, (\d+) failed$", first)
    assert counts, out + err
    cases, passed, failed = map(int, counts.groups())
    assert code == 0 and failed == 0 and passed == cases >= 300, out + err


def converse(*lines):
    stdout = io.StringIO()
    run(io.StringIO("".join(line + "\n" for line in lines)), stdout, use_index=False)
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_protocol_lines():
    fixture = [job("a", "train-1", "RUNNING", 10), job("b", "train-2", "RUNNING", 20)]
    answers = converse(
        json.dumps({"fixture": fixture, "request": {"jobQueue": "training", "maxResults": 1}}),
        json.dumps({"fixture": fixture, "rawRequest": '{"jobQueue": "training", "jobQueue": "x"}'}),
        json.dumps({"fixture": fixture, "request": {"jobQueue": "training", "maxResults": 0}}),
        json.dumps({"fixture": [job("a", "")], "request": {"jobQueue": "training"}}),
        "not json",
        json.dumps({"fixture": fixture}),
    )
    assert [j["jobId"] for j in answers[0]["response"]["jobSummaryList"]] == ["b"]
    assert "nextToken" in answers[0]["response"]
    assert answers[1] == {"error": {"type": "ClientException",
                                    "message": "The request member jobQueue appears more than once."}}
    assert answers[2]["error"]["message"] == "Invalid maxResults 0: expected an integer from 1 to 100."
    assert answers[3] == {"adapterError": "the fixture was refused: jobs[0] (jobId 'a'): jobName is empty."}
    assert list(answers[4]) == ["adapterError"] and "JSONDecodeError" in answers[4]["adapterError"]
    assert answers[5] == {"adapterError": "the line has neither request nor rawRequest"}


def test_decode_request_is_the_cores_reader():
    assert decode_request(b'{"jobQueue": "q", "maxResults": 5, "filters": [{"name": "JOB_NAME", "values": ["x"]}],'
                          b' "unknown": 1, "jobStatus": null}') == {
        "jobQueue": "q", "maxResults": 5, "filters": [{"name": "JOB_NAME", "values": ["x"]}]}
    assert decode_request(" {} ") == {}
    # As an endpoint reads a body (R-REQ-1): an empty or all-whitespace one is {}.
    assert decode_request(b"") == {}
    assert decode_request(" \r\n") == {}
    for body, message in [
        (b'{"jobQueue": "q"} x', "The request body is not valid JSON: trailing characters at line 1 column 19."),
        (b'{"maxResults": "5"}', "Invalid maxResults: expected an integer from 1 to 100, found a string."),
        (b"\xff", "The request body is not valid JSON: expected value at line 1 column 1."),
    ]:
        with pytest.raises(ClientException) as err:
            decode_request(body)
        assert str(err.value) == message
    with pytest.raises(TypeError):
        decode_request(5)
