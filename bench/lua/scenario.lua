-- One benchmark scenario for wrk: paths rotate at random; the summary is printed as JSON.
-- BENCH_PATHS: paths separated by "|"; BENCH_METHOD, BENCH_COOKIE, BENCH_CSRF: optional.
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^|]+") do
  paths[#paths + 1] = p
end
local method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local counter = 0

init = function(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

request = function()
  counter = counter + 1
  local path = paths[math.random(#paths)]
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["HX-Request"] = "true"
    if csrf then headers["X-CSRFToken"] = csrf end
    return wrk.format("POST", path, headers, "")
  end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "max_ms": %.2f, "errors": %d, "non_2xx_3xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, summary.errors.status))
end
