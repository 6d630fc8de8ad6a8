-- wrk script: POST /webhook with bodies from a generated file, each thread walking its own stride of the list,
-- and a JSON summary line at the end (latency in microseconds).
local bodies_file = os.getenv("BENCH_BODIES")
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  bodies = dofile(bodies_file)
  tid = tonumber(tid) or 1
  stride = tonumber(os.getenv("BENCH_THREADS")) or 2
  index = tid
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = bodies[index]
  index = index + stride
  if index > #bodies then index = tid end
  return wrk.format(nil, "/webhook", nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
