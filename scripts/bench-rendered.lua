-- wrk script: every request asks for its page with a query parameter no
-- request asked before, so no view is answered from the page cache
-- (server::page_cache) and the figure is what rendering costs.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  id = wrk.thread:get("id")
  n = 0
  separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
end

function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. separator .. "rendered=" .. id .. "-" .. n)
end
