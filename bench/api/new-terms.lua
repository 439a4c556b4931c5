-- For bench/api/run.sh: $search with a term never asked before on every request (the read model remembers the
-- listings each term matches per snapshot, so a repeated term is cheaper; this row is the cost of one it has not seen),
-- as the signed-in provider whose token is in BENCH_TOKEN.
local token = os.getenv("BENCH_TOKEN")
local threads = 0

function setup(thread)
  thread:set("prefix", string.char(string.byte("a") + threads))
  threads = threads + 1
end

function init(args)
  n = 0
end

-- n in letters (OData's $search words take no digits)
local function letters(k)
  local s = ""
  repeat
    s = string.char(string.byte("a") + k % 26) .. s
    k = math.floor(k / 26)
  until k == 0
  return s
end

function request()
  n = n + 1
  return wrk.format("GET", "/odata/Interventions?$search=" .. prefix .. "q" .. letters(n) .. "&$top=20&$count=true&$select=Id,Name",
    { ["Authorization"] = "Bearer " .. token })
end
