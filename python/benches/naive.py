"""ListServiceJobs in plain Python, as an emulator writes it by hand: filter every job, sort
the matches, slice a page, and carry the offset in the token.

It is the benchmark's baseline (bench.py), and the tests check that it lists the same jobs
as the binding (tests/test_naive_agrees.py), so the benchmark compares like with like. It
does no validation and its tokens are plain offsets: that is the point of the comparison.
"""


def _queue_matches(job_queue_arn, wanted):
    if wanted.startswith("arn:"):
        return job_queue_arn == wanted
    return job_queue_arn.endswith(":job-queue/" + wanted)


def _ascii_lower(s):
    # str.lower() folds non-ASCII letters too; the rules fold ASCII only (R-NAME-1).
    return s.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def list_service_jobs(jobs, request):
    """The page for ``request`` over ``jobs`` (a list of job dicts)."""
    queue = request["jobQueue"]
    status = request.get("jobStatus")
    filters = request.get("filters") or []
    selected = [j for j in jobs if _queue_matches(j["jobQueue"], queue)]
    group_by_name = False
    if not filters:
        wanted = status or "RUNNING"
        selected = [j for j in selected if j["status"] == wanted]
    else:
        name, value = filters[0]["name"], filters[0]["values"][0]
        if name == "JOB_NAME":
            group_by_name = True
            if value.endswith("*"):
                prefix = _ascii_lower(value[:-1])
                selected = [j for j in selected if _ascii_lower(j["jobName"]).startswith(prefix)]
            else:
                folded = _ascii_lower(value)
                selected = [j for j in selected if _ascii_lower(j["jobName"]) == folded]
        elif name == "BEFORE_CREATED_AT":
            selected = [j for j in selected if j["createdAt"] < int(value)]
        elif name == "AFTER_CREATED_AT":
            selected = [j for j in selected if j["createdAt"] > int(value)]
        else:
            member = "shareIdentifier" if name == "SHARE_IDENTIFIER" else "quotaShareName"
            selected = [j for j in selected if j.get(member) == value]
            if status:
                selected = [j for j in selected if j["status"] == status]
    # Newest first, ties by jobId's bytes; with JOB_NAME, grouped by name first.
    selected.sort(key=lambda j: j["jobId"].encode())
    selected.sort(key=lambda j: j["createdAt"], reverse=True)
    if group_by_name:
        selected.sort(key=lambda j: (_ascii_lower(j["jobName"]).encode(), j["jobName"].encode()))
    start = int(request.get("nextToken") or 0)
    size = request.get("maxResults") or 100
    page = selected[start : start + size]
    summaries = [{k: v for k, v in j.items() if k != "jobQueue"} for j in page]
    response = {"jobSummaryList": summaries}
    if start + size < len(selected):
        response["nextToken"] = str(start + size)
    return response
