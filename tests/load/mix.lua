-- wrk script: a mix of ListServiceJobs (80%) and SubmitServiceJob (20%) against
-- `batchlist serve`. Each thread counts what it sent and what came back; `done` prints the
-- totals, which run.sh compares with the jobs listed after the run.
--
--   wrk -t2 -c64 -d60s --latency -s tests/load/mix.lua http://127.0.0.1:PORT

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local lists = {
  '{"jobQueue":"training"}',
  '{"jobQueue":"training","maxResults":10}',
  '{"jobQueue":"research","jobStatus":"SUCCEEDED","maxResults":25}',
  '{"jobQueue":"arn:aws:batch:us-east-1:123456789012:job-queue/training","jobStatus":"FAILED"}',
  '{"jobQueue":"training","filters":[{"name":"JOB_NAME","values":["train-llm*"]}],"maxResults":50}',
  '{"jobQueue":"batch-inference","filters":[{"name":"AFTER_CREATED_AT","values":["1767225600000"]}]}',
  '{"jobQueue":"training","jobStatus":"SUBMITTED","maxResults":100}',
  '{"jobQueue":"shared-gpu","filters":[{"name":"SHARE_IDENTIFIER","values":["teamA"]}],"jobStatus":"RUNNING"}',
}

function init(args)
  submits_sent = 0
  submits_ok = 0
  lists_ok = 0
  errors = 0
  counter = 0
end

function request()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/json" }
  if counter % 5 == 0 then
    submits_sent = submits_sent + 1
    local body = string.format(
      '{"jobName":"load-%d-%d","jobQueue":"training","serviceJobType":"SAGEMAKER_TRAINING","serviceRequestPayload":"{}"}',
      id, submits_sent)
    return wrk.format("POST", "/v1/submitservicejob", headers, body)
  end
  local body = lists[(counter % #lists) + 1]
  return wrk.format("POST", "/v1/listservicejobs", headers, body)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then
      io.stderr:write("status " .. status .. ": " .. string.sub(body, 1, 200) .. "\n")
    end
  elseif string.find(body, '"jobSummaryList"', 1, true) then
    lists_ok = lists_ok + 1
  else
    submits_ok = submits_ok + 1
  end
end

function done(summary, latency, requests)
  local sent, ok, listed, errs = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    sent = sent + t:get("submits_sent")
    ok = ok + t:get("submits_ok")
    listed = listed + t:get("lists_ok")
    errs = errs + t:get("errors")
  end
  io.write("------------------------------\n")
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p%-5s %8.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("requests/s %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("list answers (200): %d\n", listed))
  io.write(string.format("submits sent: %d\n", sent))
  io.write(string.format("submits answered 200: %d\n", ok))
  io.write(string.format("non-200 answers: %d\n", errs))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
