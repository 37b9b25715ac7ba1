"""How fast the binding answers, against plain Python doing the same by hand.

    python python/benches/bench.py              # 100,000 jobs, the figures in python/README.md
    python python/benches/bench.py --jobs 2000 --quick   # a smoke run (CI)

One run measures, on the same job set:

- the baseline: ``naive.list_service_jobs``, ListServiceJobs in plain Python as an emulator
  writes it (filter every job, sort the matches, slice a page; naive.py);
- ``JobIndex.list_service_jobs``: a page from a prepared index;
- ``batchlist.list_service_jobs(jobs, request)``: a page over the list of dicts, converting
  every dict on every call;
- the conversion costs: dicts in (a job set read and checked), dicts out (a job summary
  made into a dict), and building a ``JobIndex``.

Every figure is a median, printed with its ratio against the baseline's median for the
same request measured in the same run. Before timing, each request's job IDs through the
binding are checked against the baseline's, so both answer the same question.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import naive  # noqa: E402

import batchlist  # noqa: E402

ACCOUNT = "123456789012"
QUEUES = [f"arn:aws:batch:us-east-1:{ACCOUNT}:job-queue/{name}" for name in ("training", "inference")]
STATUSES = ["SUBMITTED", "PENDING", "RUNNABLE", "SCHEDULED", "STARTING", "RUNNING", "SUCCEEDED", "FAILED"]
NAMES = ["train-llm", "Train-Vision", "finetune-bert", "eval", "batch-infer"]


def synthetic_jobs(count, seed):
    """Jobs as an emulator holds them: every required member, ARNs, shares on some."""
    rng = random.Random(seed)
    jobs = []
    for i in range(count):
        job_id = f"{rng.getrandbits(128):032x}"
        job = {
            "jobQueue": QUEUES[0] if rng.random() < 0.8 else QUEUES[1],
            "jobArn": f"arn:aws:batch:us-east-1:{ACCOUNT}:service-job/{job_id}",
            "jobId": job_id,
            "jobName": f"{rng.choice(NAMES)}-{rng.randint(0, 999)}",
            "serviceJobType": "SAGEMAKER_TRAINING",
            "status": rng.choice(STATUSES),
            "createdAt": 1_767_225_600_000 + rng.randint(0, count * 10),
        }
        if rng.random() < 0.5:
            job["shareIdentifier"] = rng.choice(["teamA", "teamB", "research"])
        jobs.append(job)
    return jobs


def median_seconds(fn, min_total, min_runs):
    """The median time of one call; calls batched so that each sample takes >= 1 ms."""
    fn()  # warm up
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    per_sample = max(1, int(0.001 / once))
    samples = []
    deadline = time.perf_counter() + min_total
    while len(samples) < min_runs or time.perf_counter() < deadline:
        start = time.perf_counter()
        for _ in range(per_sample):
            fn()
        samples.append((time.perf_counter() - start) / per_sample)
        if len(samples) >= 1000:
            break
    return statistics.median(samples)


def ids(response):
    return [j["jobId"] for j in response["jobSummaryList"]]


def fmt(seconds):
    if seconds >= 1e-3:
        return f"{seconds * 1e3:,.1f} ms"
    return f"{seconds * 1e6:,.1f} µs"


def ratio(baseline, figure):
    """`Nx faster` or `Nx slower` than the baseline."""
    if figure <= baseline:
        return f"{baseline / figure:,.0f}x faster" if baseline / figure >= 10 else f"{baseline / figure:.1f}x faster"
    return f"{figure / baseline:.1f}x slower"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="few samples: a smoke run, not a measurement")
    args = parser.parse_args()
    min_total, min_runs = (0.0, 1) if args.quick else (1.0, 7)

    jobs = synthetic_jobs(args.jobs, args.seed)
    index = batchlist.JobIndex(jobs)

    deep_pages = min(20, max(1, args.jobs // 5000))
    requests = [
        ("RUNNING, first page of 100", {"jobQueue": "training"}),
        ("JOB_NAME train*, first page", {"jobQueue": "training",
                                         "filters": [{"name": "JOB_NAME", "values": ["train*"]}]}),
        ("SHARE_IDENTIFIER teamA + FAILED", {"jobQueue": "training", "jobStatus": "FAILED",
                                             "filters": [{"name": "SHARE_IDENTIFIER", "values": ["teamA"]}]}),
        (f"RUNNING, page {deep_pages + 1} (deep)", {"jobQueue": "training", "deep": deep_pages}),
    ]

    print(f"# {args.jobs:,} jobs, Python {sys.version.split()[0]}, batchlist {batchlist.__version__}"
          f"{' (quick: not a measurement)' if args.quick else ''}\n")
    print("| request | pure Python (baseline) | JobIndex page | vs baseline | list_service_jobs(dicts) | vs baseline |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    baseline_first = None
    for label, request in requests:
        request = dict(request)
        pages = request.pop("deep", 0)
        # The same page both ways: walk to it (untimed), with each side's own tokens.
        naive_request, index_request = dict(request), dict(request)
        for _ in range(pages):
            naive_request["nextToken"] = naive.list_service_jobs(jobs, naive_request)["nextToken"]
            index_request["nextToken"] = index.list_service_jobs(index_request)["nextToken"]
        expected = ids(naive.list_service_jobs(jobs, naive_request))
        assert ids(index.list_service_jobs(index_request)) == expected, label
        assert ids(batchlist.list_service_jobs(jobs, index_request)) == expected, label
        assert expected, f"{label}: no match, nothing measured"

        t_naive = median_seconds(lambda: naive.list_service_jobs(jobs, naive_request), min_total, min_runs)
        t_index = median_seconds(lambda: index.list_service_jobs(index_request), min_total, min_runs)
        t_list = median_seconds(lambda: batchlist.list_service_jobs(jobs, index_request), min_total, min_runs)
        baseline_first = baseline_first or t_naive
        print(f"| {label} | {fmt(t_naive)} | {fmt(t_index)} | {ratio(t_naive, t_index)} "
              f"| {fmt(t_list)} | {ratio(t_naive, t_list)} |")

    # Conversion costs, each against the baseline's first request.
    one = {"jobQueue": "training", "maxResults": 1}
    hundred = {"jobQueue": "training", "maxResults": 100}
    t_in = median_seconds(lambda: batchlist.list_service_jobs(jobs, {"jobQueue": "no-such-queue"}),
                          min_total, min_runs)
    t_build = median_seconds(lambda: batchlist.JobIndex(jobs), min_total, min(min_runs, 3))
    t_out = (median_seconds(lambda: index.list_service_jobs(hundred), min_total, min_runs)
             - median_seconds(lambda: index.list_service_jobs(one), min_total, min_runs)) / 99
    t_iter = median_seconds(lambda: list(index), min_total, min(min_runs, 3))
    n = args.jobs
    print(f"\n| conversion ({n:,} jobs) | time | per job | vs baseline (first request) |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| dicts in: read and check every job dict (list_service_jobs, no match) | {fmt(t_in)} "
          f"| {fmt(t_in / n)} | {ratio(baseline_first, t_in)} |")
    print(f"| dicts in + build: JobIndex(jobs) | {fmt(t_build)} | {fmt(t_build / n)} "
          f"| {ratio(baseline_first, t_build)} |")
    print(f"| dicts out: one job summary to a dict (page of 100 minus page of 1, / 99) | {fmt(t_out * 100)} per "
          f"page of 100 | {fmt(t_out)} | {ratio(baseline_first, t_out * 100)} |")
    print(f"| dicts out: every job, list(JobIndex) | {fmt(t_iter)} | {fmt(t_iter / n)} "
          f"| {ratio(baseline_first, t_iter)} |")


if __name__ == "__main__":
    main()
