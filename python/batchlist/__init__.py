"""AWS Batch ``ListServiceJobs``, exactly: the batchlist core for Python.

The rules (status defaults, the one-filter rule, ``JOB_NAME`` matching and grouping,
created-at bounds, share identifiers, quota shares, newest-first order, ``maxResults`` and
``nextToken`` paging) are batchlist's Rust core, called in-process; responses, page tokens
and error messages are byte for byte the core's (and ``batchlist serve``'s).

- :func:`list_service_jobs` answers one request over a list of job dicts;
- :func:`decode_request` reads a raw request body with the core's JSON decoder;
- :class:`JobIndex` holds a job set that changes and answers any page in microseconds;
- :class:`ClientException` is what a bad request raises, with the service's message;
- :mod:`batchlist.testing` makes a real boto3 Batch client answer ``list_service_jobs``
  (and its paginator) from a job set, with no server and no network;
- ``python -m batchlist.adapter`` is a conformance adapter for ``batchlist conform``.

A job dict has the job file's members: ``jobQueue`` (the queue's ARN), ``jobId`` (unique),
``jobName``, ``status`` and ``createdAt`` (epoch milliseconds) are required; the other
``ServiceJobSummary`` members (``jobArn``, ``shareIdentifier``, ``quotaShareName``,
``startedAt``, ``capacityUsage``, ...) are optional.
"""

from batchlist._batchlist import (
    MAX_RESULTS_LIMIT,
    ClientException,
    JobIndex,
    __version__,
    decode_request,
    list_service_jobs,
)

__all__ = [
    "MAX_RESULTS_LIMIT",
    "ClientException",
    "JobIndex",
    "__version__",
    "decode_request",
    "list_service_jobs",
]
