-- Charges units to an account's quota, all or nothing.
--
-- KEYS[1]  quota hash of the account (fields used, synced)
-- KEYS[2]  set of accounts with usage not yet synced to PostgreSQL
-- ARGV[1]  quota limit, ARGV[2] units, ARGV[3] account id
-- returns  {1, remaining} charged | {0, remaining} refused | {-1, 0} counter missing: the caller
--          reseeds it from PostgreSQL and retries, so a Redis restart never forgives usage
if redis.call('EXISTS', KEYS[1]) == 0 then
  return { -1, 0 }
end
local used = tonumber(redis.call('HGET', KEYS[1], 'used'))
local limit = tonumber(ARGV[1])
local units = tonumber(ARGV[2])
if used + units > limit then
  return { 0, limit - used }
end
used = redis.call('HINCRBY', KEYS[1], 'used', units)
redis.call('SADD', KEYS[2], ARGV[3])
return { 1, limit - used }
