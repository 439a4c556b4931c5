-- The mixed set for bench/api/run.sh: the ten URLs of bench/api/mixed-urls.txt (BENCH_URLS) in turn, each
-- thread starting at a different one, as the signed-in provider whose token is in BENCH_TOKEN.
local urls = {}
for line in io.lines(os.getenv("BENCH_URLS")) do
  if #line > 0 then table.insert(urls, line) end
end
local token = os.getenv("BENCH_TOKEN")
local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  n = offset
end

function request()
  n = n + 1
  return wrk.format("GET", urls[(n % #urls) + 1], { ["Authorization"] = "Bearer " .. token })
end
