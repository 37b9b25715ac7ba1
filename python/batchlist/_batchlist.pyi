"""Type stubs for the Rust extension module ``batchlist._batchlist``.

Import from ``batchlist``, which re-exports everything here.
"""

from typing import Any, Iterable, Iterator, Mapping, Optional, Tuple, Union, final

__all__ = [
    "MAX_RESULTS_LIMIT",
    "ClientException",
    "JobIndex",
    "__version__",
    "decode_request",
    "list_service_jobs",
]

_JobDict = dict[str, Any]
"""A job with the job file's members (``jobQueue``, ``jobId``, ``jobName``, ``status``,
``createdAt``, and the optional ``ServiceJobSummary`` members)."""

_ResponseDict = dict[str, Any]
"""``{"jobSummaryList": [...], "nextToken": "..."}``, as boto3 returns it (``nextToken``
only when more jobs match)."""

__version__: str
MAX_RESULTS_LIMIT: int
"""The largest ``maxResults`` a request may give (100), also the default page size."""

class ClientException(Exception):
    """A request that AWS Batch answers with a ``ClientException`` (HTTP 400).

    ``str(e)`` is the core's message, exactly as the service puts it in the body's
    ``message``: it names the request member at fault.
    """

def list_service_jobs(jobs: Iterable[Mapping[str, Any]], request: Mapping[str, Any]) -> _ResponseDict:
    """Answers one ListServiceJobs request over a job set, as the service would.

    ``request`` is the dict of parameters boto3 sends (``jobQueue``, ``jobStatus``,
    ``filters``, ``maxResults``, ``nextToken``).

    Raises ``ClientException`` for a bad request (the service's message) and ``ValueError``
    for a bad job (naming the job and the member); ``TypeError`` if ``jobs`` is not an
    iterable of dicts.
    """

def decode_request(body: Union[bytes, bytearray, str]) -> dict[str, Any]:
    """Reads a raw request body with the core's JSON decoder, as an endpoint reads a body.

    Returns the request as a dict (the members given, in the core's form). An empty or
    all-whitespace body is ``{}`` (R-REQ-1). Raises ``ClientException`` with the core's
    message for malformed JSON, trailing characters, duplicate members or members of the
    wrong type.
    """

@final
class JobIndex:
    """A job set prepared to answer ListServiceJobs requests in microseconds at any depth,
    with exactly the pages and tokens of :func:`list_service_jobs` over the same jobs.

    Job IDs are unique (R-JOB-1): ``JobIndex(jobs)`` raises ``ValueError`` for a duplicate or
    a bad job. Tokens stay valid while the set changes (keyset paging).
    """

    def __new__(cls, jobs: Optional[Iterable[Mapping[str, Any]]] = None) -> "JobIndex": ...
    def insert(self, job: Mapping[str, Any]) -> Optional[_JobDict]:
        """Adds a job, or replaces the job with the same ``jobId``; returns the replaced job.

        Raises ``ValueError`` for a bad job.
        """
    def remove(self, job_id: str) -> Optional[_JobDict]:
        """Removes the job with this ID; returns it, or None when there is none."""
    def set_status(self, job_id: str, status: str) -> bool:
        """Sets a job's status (``"RUNNING"``, ...; case sensitive); False when there is no
        such job. Raises ``ValueError`` for an unknown status."""
    def get(self, job_id: str) -> Optional[_JobDict]:
        """The job with this ID, or None."""
    def list_service_jobs(self, request: Mapping[str, Any]) -> _ResponseDict:
        """Answers one ListServiceJobs request; raises ``ClientException`` for a bad one."""
    def answer_http(
        self, body: Union[bytes, bytearray, str, None]
    ) -> Tuple[int, Optional[str], bytes]:
        """Answers a raw request body as ``batchlist serve`` answers
        ``POST /v1/listservicejobs``: ``(status, error_type, body)``, where ``error_type`` is
        the ``x-amzn-errortype`` header (``"ClientException"``) or None, and ``body`` the JSON
        bytes sent. An empty body reads as ``{}``."""
    def __len__(self) -> int: ...
    def __contains__(self, key: object, /) -> bool: ...
    def __iter__(self) -> Iterator[_JobDict]:
        """A snapshot of the jobs, as dicts, in no particular order."""
