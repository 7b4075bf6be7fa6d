-- Drives wrk through a list of requests (one per line: path, then tab-separated headers),
-- each thread starting at a different line, and prints the result as one JSON line.
local plan_file = os.getenv("BENCH_PLAN")
local requests = {}
local position = 0
local thread_count = 0
local stride = nil  -- set for single-use plans

function setup(thread)
  thread:set("offset", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  for line in io.lines(plan_file) do
    local fields = {}
    for field in string.gmatch(line, "[^\t]+") do
      table.insert(fields, field)
    end
    local headers = {}
    local method, body = "GET", nil
    for i = 2, #fields do
      if string.sub(fields[i], 1, 1) == "=" then  -- a form body: the request is a POST
        method, body = "POST", string.sub(fields[i], 2)
      else
        local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
        headers[name] = value
      end
    end
    table.insert(requests, wrk.format(method, fields[1], headers, body))
  end
  if os.getenv("BENCH_SINGLE_USE") then
    -- each request may be sent once (e.g. a rotating refresh token): threads take disjoint lines
    stride = tonumber(os.getenv("BENCH_THREADS"))
    position = offset + 1 - stride
  else
    position = (offset * 7919) % #requests
  end
end

function request()
  if stride then
    -- past the end the plan starts over: its requests then fail and show up as errors
    position = (position + stride - 1) % #requests + 1
  else
    position = position % #requests + 1
  end
  return requests[position]
end

function done(summary, latency, _)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f, ' ..
    '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout))
end
