"""boto3 clients that answer ``ListServiceJobs`` from a job set, in-process.

:func:`answer_list_service_jobs` hooks a real boto3 (botocore) Batch client so that its
``list_service_jobs`` calls, and so its paginator (``MaxItems``, ``PageSize``,
``StartingToken``), are answered by batchlist's core: no server, no network, no signing
keys needed beyond what botocore asks for. Everything else the client does is untouched, so
it composes with moto's ``mock_aws`` (moto has no ``ListServiceJobs``) and with a real
endpoint for the other operations.

How: botocore emits ``before-send.batch.ListServiceJobs`` with the prepared HTTP request
just before sending it; a handler that returns a response stops the send. The handler hands
the request body to :meth:`batchlist.JobIndex.answer_http`, which answers exactly as
``batchlist serve`` answers ``POST /v1/listservicejobs``, and returns that HTTP response:
botocore parses it as it would parse the service's, so a bad request raises
``client.exceptions.ClientException`` with the service's message.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterable, Iterator, Mapping, Union

from batchlist._batchlist import JobIndex

__all__ = ["answer_list_service_jobs", "stop_answering_list_service_jobs"]

_EVENT = "before-send.batch.ListServiceJobs"
_HANDLER_ID = "batchlist.testing.answer_list_service_jobs"
# Request IDs: deterministic, distinct per answer in this process.
_request_ids = itertools.count(1)


class _Body:
    """The raw body of an AWSResponse: botocore reads it with ``stream()``."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data

    def read(self, *_: Any) -> bytes:
        data, self._data = self._data, b""
        return data


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    # A file-like body (botocore sends bytes for this operation, but be exact anyway).
    data = body.read()
    if hasattr(body, "seek"):
        body.seek(0)
    return bytes(data) if isinstance(data, (bytes, bytearray)) else str(data).encode("utf-8")


def _check_client(client: Any) -> None:
    meta = getattr(client, "meta", None)
    model = getattr(meta, "service_model", None)
    if model is None or getattr(meta, "events", None) is None:
        raise TypeError(
            f"expected a boto3/botocore client, got {type(client).__name__}: "
            'make one with boto3.client("batch", ...)'
        )
    if model.service_name != "batch":
        raise TypeError(
            f"expected a Batch client, got a client for {model.service_name!r}: "
            'make one with boto3.client("batch", ...)'
        )
    if "ListServiceJobs" not in model.operation_names:
        raise TypeError(
            "this botocore has no ListServiceJobs in its Batch model: upgrade botocore "
            "(ListServiceJobs arrived in 2025)"
        )


def answer_list_service_jobs(
    client: Any, jobs: Union[JobIndex, Iterable[Mapping[str, Any]]] = ()
) -> JobIndex:
    """Makes ``client`` (a boto3 Batch client) answer ``list_service_jobs`` from ``jobs``.

    ``jobs`` is a list of job dicts (the job file's members) or a :class:`batchlist.JobIndex`.
    Returns the ``JobIndex`` the client answers from: insert, remove or change jobs in it
    and the next call sees them (a page token stays valid across such changes).

    Calling it again on the same client replaces the job set. Other operations of the client
    are untouched. Raises ``TypeError`` if ``client`` is not a Batch client, ``ValueError``
    for a bad job.
    """
    _check_client(client)
    index = jobs if isinstance(jobs, JobIndex) else JobIndex(jobs)

    def answer(request: Any, **_: Any) -> Any:
        from botocore.awsrequest import AWSResponse  # type: ignore[import-untyped]

        status, error_type, body = index.answer_http(_body_bytes(request.body))
        headers = {
            "content-type": "application/json",
            "content-length": str(len(body)),
            "x-amzn-requestid": f"batchlist-{next(_request_ids):08d}",
        }
        if error_type is not None:
            headers["x-amzn-errortype"] = error_type
        return AWSResponse(request.url, status, headers, _Body(body))

    events = client.meta.events
    events.unregister(_EVENT, unique_id=_HANDLER_ID)
    # First, so that it wins over any other before-send handler (moto's mock_aws has one).
    events.register_first(_EVENT, answer, unique_id=_HANDLER_ID)
    return index


def stop_answering_list_service_jobs(client: Any) -> None:
    """Undoes :func:`answer_list_service_jobs`: ``list_service_jobs`` goes out as before."""
    client.meta.events.unregister(_EVENT, unique_id=_HANDLER_ID)
