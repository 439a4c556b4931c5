-- Eight attacker clients for bench/abuse/run.sh: every request is a unique, expensive OData query
-- (so none is answered from the output cache), sent for one of eight client addresses in turn
-- (X-Forwarded-For, believed only because the bench's server trusts 127.0.0.1 as a proxy).
-- Counts the answers by status; done() prints them as "status count" lines for run.sh to check.

-- Globals, not locals: done() reads each thread's counts through thread:get, which sees globals only.
counter = 0
statuses = {}
local threads = {}

local shapes = {
  -- The depth-3 expansion that returned 4.5 MB in about a second (refused by the row cap when limits are on).
  function(n) return "/odata/Interventions?$top=500&$expand=Organisation($expand=Interventions($expand=Venues,Areas))&$filter=Id%20gt%20" .. n end,
  -- Within the cap: a full page with every navigation and a count.
  function(n) return "/odata/Interventions?$top=100&$expand=Organisation,Venues,Areas&$count=true&$filter=Id%20gt%20" .. n end,
  -- Text search over names and descriptions in both languages.
  function(n) return "/odata/Interventions?$search=respect&$top=100&$expand=Venues&$filter=Id%20gt%20" .. n end,
  -- Distance search (runs the query options in memory), a new radius each time.
  function(n) return "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=" .. (20 + (n % 1000) / 100) .. ")?$expand=Venues,Areas&$top=100" end,
}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = id * 1000000
end

function request()
  counter = counter + 1
  local path = shapes[(counter % #shapes) + 1](counter % 20000)
  local client = "10.66.0." .. ((counter % 8) + 1)
  return wrk.format("GET", path, { ["X-Forwarded-For"] = client })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, count in pairs(s) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("status %d %d\n", status, count))
  end
  io.write(string.format("timeouts %d\n", summary.errors.timeout))
end
