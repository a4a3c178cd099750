-- wrk script for scripts/loadtest: GET <path> with x-api-key rotating through a key file.
-- Usage: wrk ... -s rotate_keys.lua <url> -- <path> <keys-file> <max-keys>
-- Requests are pre-formatted in init() so request() costs one table lookup. done() prints one
-- JSON line (prefix LOADTEST_RESULT) with totals and latency percentiles in microseconds.
local reqs, n, i = {}, 0, 0

function init(args)
  local path, file, max = args[1], args[2], tonumber(args[3] or "1000")
  for key in io.lines(file) do
    if key ~= "" then
      n = n + 1
      reqs[n] = wrk.format("GET", path, { ["x-api-key"] = key })
      if n >= max then break end
    end
  end
  if n == 0 then error("no keys in " .. file) end
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOADTEST_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
