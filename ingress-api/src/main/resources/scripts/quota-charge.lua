-- Charges units to an account's quota, all or nothing, once per charge id (the request's id):
-- a repeated charge with an id that is already marked (a retry after an ambiguous timeout, or a
-- command that ran after its client gave up) answers "charged" and costs nothing more.
--
-- KEYS[1]  quota hash of the account (fields used, synced)
-- KEYS[2]  set of accounts with usage not yet synced to PostgreSQL
-- KEYS[3]  marker of the charge id: 'charged' or 'refunded', kept ARGV[4] milliseconds
-- ARGV[1]  quota limit, ARGV[2] units, ARGV[3] account id, ARGV[4] marker lifetime, ms
-- returns  {1, remaining} charged (now or before) | {0, remaining} refused | {-1, 0} counter
--          missing: the caller reseeds it from PostgreSQL and retries, so a Redis restart never
--          forgives usage
if redis.call('EXISTS', KEYS[1]) == 0 then
  return { -1, 0 }
end
local used = tonumber(redis.call('HGET', KEYS[1], 'used'))
local limit = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 1 then
  return { 1, limit - used }
end
local units = tonumber(ARGV[2])
if used + units > limit then
  return { 0, limit - used }
end
used = redis.call('HINCRBY', KEYS[1], 'used', units)
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], 'charged', 'PX', ARGV[4])
return { 1, limit - used }
