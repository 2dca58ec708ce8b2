-- One wrk script for the three API figures. Arguments (after --): mode (get|list|create), API key, then
--   get: a file of instance ids (one a line) of the key's organisation; create: a run tag for unique names.
-- tid is set per thread by setup(). done() prints one JSON line the harness parses, with p99.9 which wrk's --latency report lacks.
local mode, key, extra
local ids = {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode, key, extra = args[1], args[2], args[3]
  wrk.headers["Authorization"] = "Bearer " .. key
  if mode == "get" then
    for line in io.lines(extra) do
      if #line > 0 then ids[#ids + 1] = line end
    end
  elseif mode == "create" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
  end
  math.randomseed(os.time() + (tid or 0))
end

function request()
  if mode == "get" then
    return wrk.format("GET", "/v1/instances/" .. ids[math.random(#ids)])
  elseif mode == "list" then
    return wrk.format("GET", "/v1/instances?pageSize=50")
  else
    counter = counter + 1
    local name = string.format("w%s-%d-%d", extra, tid, counter)
    local body = '{"name":"' .. name .. '","region":"bench-write","plan":"small","postgresVersion":15,'
      .. '"highAvailability":{"enabled":false}}'
    return wrk.format("POST", "/v1/instances", nil, body)
  end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"socket_errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d}\n',
    summary.requests, summary.duration, errors, summary.errors.status, latency:percentile(50),
    latency:percentile(99), latency:percentile(99.9)))
end
