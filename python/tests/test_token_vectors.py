"""spec/vectors/batchlist-tokens.json, which `batchlist conform` skips for adapters: the exact
token bytes of spec/token-format.md (computed there by an independent implementation) come out
of the binding, through list_service_jobs and through JobIndex, and its altered or foreign
tokens are refused with the core's messages."""

import json
from pathlib import Path

import pytest

from batchlist import ClientException, JobIndex, list_service_jobs

VECTORS = json.loads((Path(__file__).resolve().parents[2] / "spec" / "vectors" / "batchlist-tokens.json").read_text())
CASES = VECTORS["cases"]


def test_the_file_is_what_this_test_reads():
    assert VECTORS["meta"]["format"] == 1 and VECTORS["meta"]["batchlistOnly"] is True
    assert len(CASES) >= 20 and all(set(c) <= {"name", "rules", "note", "source", "fixture", "request", "expect"}
                                    for c in CASES)
    assert sum("nextToken" in c["expect"] for c in CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
@pytest.mark.parametrize("through", ["list_service_jobs", "JobIndex"])
def test_token_vector(case, through):
    jobs = VECTORS["fixtures"][case["fixture"]] if "fixture" in case else []
    answer = (lambda r: list_service_jobs(jobs, r)) if through == "list_service_jobs" else JobIndex(jobs).list_service_jobs
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(ClientException) as err:
            answer(case["request"])
        if "message" in expect["error"]:
            assert str(err.value) == expect["error"]["message"]
        else:
            assert str(err.value).startswith(expect["error"]["messagePrefix"])
        return
    response = answer(case["request"])
    assert [j["jobId"] for j in response["jobSummaryList"]] == expect["jobIds"]
    assert ("nextToken" in response) == expect["hasNextToken"]
    if "nextToken" in expect:
        assert response["nextToken"] == expect["nextToken"]
