-- Shared part of the Parley wrk scenarios.
--
-- Every scenario runs with `wrk -t T -c N` (T = cores, N = clients): thread i of T serves clients
-- i, i+T, i+2T, ... (from the clients file that benchmark/run writes; its path is the first script
-- argument, T the second) and sends their requests in turn, so the N connections carry requests of
-- N different users, each with its own token and session. (wrk tells a script its thread, not its
-- connection, so the user of a connection changes from request to request.)
--
-- A scenario file calls scenario(build) where build(client) returns method, path, headers, body.
-- The requests are formatted once per thread in init(); request() only picks the next one.
--
-- response() counts every status outside 2xx (wrk itself only counts > 399), and done() prints one
-- machine-readable PARLEY_RESULT line that benchmark/run parses.

local build_request

function scenario(build)
   build_request = build
end

-- setup/done run in wrk's main Lua state ----------------------------------------------------------

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("client_index", #threads)
end

function done(summary, latency, requests)
   local non2xx, first_bad = 0, nil
   for _, thread in ipairs(threads) do
      non2xx = non2xx + (thread:get("non2xx") or 0)
      first_bad = first_bad or thread:get("first_bad")
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "PARLEY_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f"
         .. " non2xx=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d status_gt399=%d threads=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, non2xx, e.connect + e.read + e.write + e.timeout,
      e.connect, e.read, e.write, e.timeout, e.status, #threads))
   if first_bad then
      io.write("PARLEY_FIRST_BAD " .. first_bad:gsub("[\r\n]", " ") .. "\n")
   end
end

-- init/request/response run in each thread's own Lua state -----------------------------------------

local prepared = {}
local next_request = 0

function init(args)
   non2xx = 0
   first_bad = nil
   local clients_file = args[1] or error("usage: wrk ... -s SCENARIO.lua URL -- CLIENTS.lua THREADS")
   local threads = tonumber(args[2]) or error("usage: wrk ... -s SCENARIO.lua URL -- CLIENTS.lua THREADS")
   local clients = dofile(clients_file)
   for i = client_index, #clients, threads do
      local method, path, headers, body = build_request(clients[i])
      table.insert(prepared, wrk.format(method, path, headers, body))
   end
   if #prepared == 0 then
      error(string.format("thread %d of %d has no client in %s", client_index, threads, clients_file))
   end
end

function request()
   next_request = next_request % #prepared + 1
   return prepared[next_request]
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      if not first_bad then
         first_bad = string.format("wrk thread %d got %d: %s", client_index, status, (body or ""):sub(1, 300))
      end
   end
end
