-- wrk: one page-view beacon per request, from many distinct visitors (user agents vary).
-- PACE_MS (environment): each connection waits that long after an answer before its next beacon, so 64
-- connections send about 64 / (PACE_MS + latency) beacons per millisecond: a steady rate instead of all wrk can.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
local n = 0
local pace = tonumber(os.getenv("PACE_MS") or "0")
request = function()
  n = n + 1
  wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133." .. (n % 5000)
  return wrk.format(nil, nil, nil, '{"k":"pageview","u":"http://localhost:3000/bench/page-' .. (n % 500) .. '"}')
end
if pace > 0 then
  delay = function() return pace end
end
