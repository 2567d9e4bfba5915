-- wrk at a fixed rate, for bench/consent.sh. Each request gets a slot 1/rate apart and waits for it (the delay()
-- hook), so the load stays the same however slowly the server answers; enough connections keep slots from waiting
-- for answers. A slot missed by more than 5 ms is counted as late. Arguments after "--":
--   rate (requests/s), path ("%s" becomes a browser id), batches (as the consent benchmark recorded), label, target.
-- Browser ids are drawn like the recording benchmark made them: nine in ten recorded a choice, one in ten never did.
-- Every request takes the next id of the list in turn (its own count, not the pacing's: several connections wait for
-- their slots at once, so the slot count moves on between a connection's delay and its request), so a run longer than
-- the list asks every id and then asks them again in the same order, as returning browsers do. The counts are per wrk
-- thread: run it with one (-t1), as bench/consent.sh does, or the threads walk the list in step.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } lethe_timespec;
  int clock_gettime(int clock, lethe_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("lethe_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local interval, start
local requests = {}
sent, asked, late, label, target = 0, 0, 0, "", ""

function init(args)
  interval = 1000 / tonumber(args[1])
  local template, batches = args[2], tonumber(args[3])
  label, target = args[4] or "", args[5] or ""
  math.randomseed(20261125)
  for i = 1, 20000 do
    local browser
    if math.random(10) == 1 then
      browser = string.format("browser-unknown-%07d", math.random(0, 999999))
    else
      browser = string.format("browser-%06d-%06d-lethe", math.random(1, batches), math.random(0, 999))
    end
    requests[i] = wrk.format(nil, (template:gsub("%%s", browser)))
  end
end

function delay()
  local now = now_ms()
  start = start or now
  local slot = start + sent * interval
  sent = sent + 1
  if now - slot > 5 then
    late = late + 1
  end
  return slot > now and (slot - now) or 0
end

function request()
  asked = asked + 1
  return requests[((asked - 1) % #requests) + 1]
end

function done(summary, latency, _)
  local lateness, name, goal = 0, "", ""
  for _, thread in ipairs(threads) do
    lateness = lateness + thread:get("late")
    name, goal = thread:get("label"), thread:get("target")
  end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local function ms(us) return string.format("%.2f ms", us / 1000) end
  io.write(string.format("| %s | %d (%d sent > 5 ms late) | %d/s | %s | %s | %s | %s | %d | %s |\n",
    name, summary.requests, lateness, math.floor(summary.requests / (summary.duration / 1e6) + 0.5),
    ms(latency:percentile(50)), ms(latency:percentile(99)), ms(latency:percentile(99.9)), ms(latency.max), errors, goal))
end
