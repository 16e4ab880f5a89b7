-- The mixed load of bench/mixed.py, run by wrk: each request is a GET of an address
-- drawn from the Zipf weights (binary search of a uniform draw in the cumulative
-- weights), or, with the given share, a registration POST prepared by mixed.py (each
-- thread sends its own slice of them, each once). Counts the page cache's answers
-- (X-Page-Cache), the statuses and the registrations' outcomes, and prints them with
-- the latency percentiles (microseconds) on one line, parsed by mixed.py.
--
-- wrk -s mixed.lua URL -- <urls file> <registrations file> <share> <threads> <seed> <cookie>

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths, weights, registrations = {}, {}, {}
local share, next_registration = 0, 1
local post_headers

hits, misses, uncached, posted, registered, skipped = 0, 0, 0, 0, 0, 0
pending, waitlisted, already = 0, 0, 0
statuses = {}

function init(args)
  for line in io.lines(args[1]) do
    local weight, path = line:match("^(%S+) (%S+)$")
    table.insert(weights, tonumber(weight))
    table.insert(paths, path)
  end
  weights[#weights] = 1.0
  share = tonumber(args[3])
  local threads_count = tonumber(args[4])
  if share > 0 then
    local n = 0
    for line in io.lines(args[2]) do
      if n % threads_count == id then
        local path, body = line:match("^(%S+) (%S+)$")
        table.insert(registrations, { path = path, body = body })
      end
      n = n + 1
    end
  end
  math.randomseed(tonumber(args[5]) * 1000 + id)
  post_headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = args[6],
    ["Referer"] = wrk.scheme .. "://" .. wrk.host .. ":" .. wrk.port .. "/",
  }
end

local function draw()
  local u = math.random()
  local low, high = 1, #weights
  while low < high do
    local middle = math.floor((low + high) / 2)
    if weights[middle] < u then
      low = middle + 1
    else
      high = middle
    end
  end
  return paths[low]
end

function request()
  if share > 0 and math.random() < share then
    local registration = registrations[next_registration]
    if registration then
      next_registration = next_registration + 1
      posted = posted + 1
      -- wrk.format writes Content-Length into the table it is given: a copy each time.
      local headers = {}
      for name, value in pairs(post_headers) do
        headers[name] = value
      end
      return wrk.format("POST", registration.path, headers, registration.body)
    end
    skipped = skipped + 1
  end
  return wrk.format("GET", draw())
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local cache = headers["X-Page-Cache"]
  if cache == "hit" then
    hits = hits + 1
  elseif cache == "miss" then
    misses = misses + 1
  else
    uncached = uncached + 1
  end
  if status == 302 then
    local location = headers["Location"] or ""
    if location:find("/registered/", 1, true) then
      registered = registered + 1
      if location:find("outcome=waitlisted", 1, true) then
        waitlisted = waitlisted + 1
      elseif location:find("outcome=already_registered", 1, true) then
        already = already + 1
      else
        pending = pending + 1
      end
    end
  end
end

function done(summary, latency, requests)
  local totals = {}
  local names = { "hits", "misses", "uncached", "posted", "registered", "skipped",
                  "pending", "waitlisted", "already" }
  local all_statuses = {}
  for _, name in ipairs(names) do totals[name] = 0 end
  for _, thread in ipairs(threads) do
    for _, name in ipairs(names) do
      totals[name] = totals[name] + thread:get(name)
    end
    for status, n in pairs(thread:get("statuses")) do
      all_statuses[status] = (all_statuses[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(all_statuses) do
    table.insert(parts, status .. ":" .. n)
  end
  local errors = summary.errors
  local line = string.format(
    "MIXED requests=%d duration=%d p50=%.0f p95=%.0f p99=%.0f socket_errors=%d",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.connect + errors.read + errors.write + errors.timeout)
  for _, name in ipairs(names) do
    line = line .. string.format(" %s=%d", name, totals[name])
  end
  io.write(line .. " statuses=" .. table.concat(parts, ",") .. "\n")
end
