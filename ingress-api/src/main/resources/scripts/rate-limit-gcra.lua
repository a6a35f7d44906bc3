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
--
-- Every number is a whole number of microseconds below 2^53 (now is ~1.8e15), so Lua's doubles
-- hold each exactly and no step rounds: the interval is the window over the limit rounded down
-- to a whole microsecond, a burst of exactly `limit` is admitted (tolerance (limit - 1) *
-- interval), and the TAT is written with %d, never through Lua's number-to-string conversion
-- (%.14g or %.17g depending on the Redis version), which would round it or add a fraction.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local count = #KEYS - 1
local allowed = 1
local retryAfter = 0
local ahead = {}
local intervals = {}
local tolerances = {}
local waits = {}
for i = 1, count do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i]) * 1000
  local interval = math.max(1, math.floor(window / limit))
  local tolerance = interval * (limit - 1)
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  -- How far the theoretical arrival time is ahead of now (never behind).
  ahead[i] = math.max(0, tat - now)
  waits[i] = math.max(0, ahead[i] - tolerance)
  if waits[i] > 0 then
    allowed = 0
    retryAfter = math.max(retryAfter, waits[i])
  end
  intervals[i] = interval
  tolerances[i] = tolerance
end
local result = { allowed, math.ceil(retryAfter / 1000) }
for i = 1, count do
  if allowed == 1 then
    ahead[i] = ahead[i] + intervals[i]
    redis.call('SET', KEYS[i], string.format('%d', now + ahead[i]), 'PX', math.ceil(ahead[i] / 1000) + 1000)
  end
  result[3 * i] = math.max(0, math.floor((tolerances[i] + intervals[i] - ahead[i]) / intervals[i]))
  result[3 * i + 1] = math.ceil(ahead[i] / 1000)
  result[3 * i + 2] = math.ceil(waits[i] / 1000)
end
result[3 * count + 3] = tonumber(redis.call('GET', KEYS[count + 1]) or '0')
return result
