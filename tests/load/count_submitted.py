#!/usr/bin/env python3
"""Counts the jobs the load test submitted, by walking ListServiceJobs with the JOB_NAME
filter `load-*` (every status; the names are the load test's own) until no nextToken.
Also counts those with status SUBMITTED. Loopback only; at most 100,000 pages.

    python3 count_submitted.py http://127.0.0.1:PORT
"""
import json
import sys
import urllib.request

base = sys.argv[1].rstrip("/")
assert base.startswith(("http://127.0.0.1", "http://localhost")), "loopback only"
request = {
    "jobQueue": "training",
    "filters": [{"name": "JOB_NAME", "values": ["load-*"]}],
    "maxResults": 100,
}
total = submitted = 0
names = set()
for _ in range(100_000):
    req = urllib.request.Request(
        base + "/v1/listservicejobs",
        data=json.dumps(request).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=60) as answer:
        page = json.load(answer)
    for job in page["jobSummaryList"]:
        total += 1
        names.add(job["jobName"])
        submitted += job.get("status") == "SUBMITTED"
    if "nextToken" not in page:
        break
    request["nextToken"] = page["nextToken"]
print(f"listed load-* jobs: {total} (distinct names {len(names)}, SUBMITTED {submitted})")
