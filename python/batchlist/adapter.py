"""A conformance adapter for ``batchlist conform`` on the Python binding.

Speaks the adapter protocol of spec/vectors/README.md (JSON lines on stdin and stdout)::

    batchlist conform --adapter 'python -m batchlist.adapter'          # list_service_jobs
    batchlist conform --adapter 'python -m batchlist.adapter --index'  # JobIndex

A ``request`` (the body as a JSON value) goes through the Python API as a user calls it:
``batchlist.list_service_jobs(fixture, request)``, or with ``--index``
``JobIndex(fixture).list_service_jobs(request)``. A ``rawRequest`` (the body as exact text:
malformed JSON, duplicate members) cannot be a Python dict: ``batchlist.decode_request``
reads it with the core's JSON decoder first, and the dict it returns takes the same path.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Dict, List, TextIO

from batchlist._batchlist import ClientException, JobIndex, decode_request, list_service_jobs


def _error(message: str) -> Dict[str, Any]:
    return {"error": {"type": "ClientException", "message": message}}


def answer(line: Dict[str, Any], use_index: bool) -> Dict[str, Any]:
    """The answer line for one request line."""
    fixture: List[Dict[str, Any]] = line.get("fixture", [])
    try:
        if "rawRequest" in line:
            request = decode_request(line["rawRequest"])
        elif "request" in line:
            request = line["request"]
        else:
            return {"adapterError": "the line has neither request nor rawRequest"}
        if use_index:
            return {"response": JobIndex(fixture).list_service_jobs(request)}
        return {"response": list_service_jobs(fixture, request)}
    except ClientException as e:
        return _error(str(e))
    except (ValueError, TypeError) as e:
        return {"adapterError": f"the fixture was refused: {e}"}


def run(stdin: TextIO, stdout: TextIO, use_index: bool) -> None:
    """Answers every line of ``stdin`` until it closes."""
    for raw in stdin:
        if not raw.strip():
            continue
        try:
            reply = answer(json.loads(raw), use_index)
        except Exception as e:  # the protocol wants a line for every request, never a crash
            reply = {"adapterError": f"{type(e).__name__}: {e}"}
        stdout.write(json.dumps(reply) + "\n")
        stdout.flush()


def main(argv: List[str]) -> int:
    """``python -m batchlist.adapter [--index]``."""
    unknown = [a for a in argv if a != "--index"]
    if unknown:
        print(f"usage: python -m batchlist.adapter [--index] (unknown: {unknown})", file=sys.stderr)
        return 2
    run(sys.stdin, sys.stdout, "--index" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
