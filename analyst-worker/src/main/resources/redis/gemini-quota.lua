-- Global Gemini quota: sliding log of call timestamps in a sorted set (docs/analysis.md).
-- KEYS[1] the quota's key; ARGV[1] window (ms), ARGV[2] calls allowed per window,
-- ARGV[3] a unique member for this call.
-- Returns {granted (1|0), calls left after this one, ms until a call frees up when denied}.
-- Redis' clock, not the caller's: instances with skewed clocks still share one window.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used < limit then
	redis.call('ZADD', KEYS[1], now, ARGV[3])
	redis.call('PEXPIRE', KEYS[1], window)
	return {1, limit - used - 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = window
if oldest[2] then
	wait = tonumber(oldest[2]) + window - now
end
return {0, 0, wait}
