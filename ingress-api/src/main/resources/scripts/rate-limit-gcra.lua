-- GCRA (generic cell rate algorithm) over one or more policies, all or nothing: the request is
-- admitted only if every policy admits it, and only then is any state written.
--
-- KEYS[i]          theoretical arrival time (TAT) of policy i, in microseconds of Redis's clock;
--                  the last key is the accounts version counter (see below), not a policy
-- ARGV[2i-1]       limit of policy i: requests per window
-- ARGV[2i]         window of policy i, in milliseconds
-- returns          {allowed (1|0), retryAfterMs, then per policy: remaining, resetMs, retryAfterMs}
--                  (reset: until the policy's full quota is back; retry: until it admits one more),
--                  and last the accounts version (0 if unset)
--
-- The accounts version is bumped on every key revocation or limit change. Returning it here, on
-- a call every authenticated request makes anyway, lets each ingress instance notice a change made
-- elsewhere at once and drop its key cache, without a round trip of its own.
--
-- Redis's own clock (TIME) is the only clock, so ingress instances with skewed clocks still share
-- one limit exactly.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local count = #KEYS - 1
local allowed = 1
local retryAfter = 0
local tats = {}
local newTats = {}
local intervals = {}
local windows = {}
local waits = {}
for i = 1, count do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i]) * 1000
  local interval = window / limit
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  if tat < now then
    tat = now
  end
  local newTat = tat + interval
  local allowAt = newTat - window
  waits[i] = 0
  if allowAt > now then
    allowed = 0
    waits[i] = allowAt - now
    if allowAt - now > retryAfter then
      retryAfter = allowAt - now
    end
  end
  tats[i] = tat
  newTats[i] = newTat
  intervals[i] = interval
  windows[i] = window
end
local result = { allowed, math.ceil(retryAfter / 1000) }
for i = 1, count do
  local tat = tats[i]
  if allowed == 1 then
    tat = newTats[i]
    redis.call('SET', KEYS[i], tat, 'PX', math.ceil((tat - now) / 1000) + 1000)
  end
  -- The epsilon keeps floating-point division from losing a whole request at exact multiples.
  local remaining = math.floor((windows[i] - (tat - now)) / intervals[i] + 1e-9)
  if remaining < 0 then
    remaining = 0
  end
  result[3 * i] = remaining
  result[3 * i + 1] = math.ceil((tat - now) / 1000)
  result[3 * i + 2] = math.ceil(waits[i] / 1000)
end
result[3 * count + 3] = tonumber(redis.call('GET', KEYS[count + 1]) or '0')
return result
