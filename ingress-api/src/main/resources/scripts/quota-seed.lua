-- Seeds an account's quota counter from PostgreSQL's quota_used, unless another request or
-- instance already did (then the existing counter wins: it may hold newer usage).
--
-- KEYS[1]  quota hash
-- ARGV[1]  quota_used read from PostgreSQL
-- returns  1 seeded | 0 already present
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], 'used', ARGV[1], 'synced', ARGV[1], 'seededAt', nowMs)
return 1
