-- Gives units back to an account's quota (never below zero).
--
-- KEYS[1]  quota hash, KEYS[2] set of accounts to sync
-- ARGV[1]  units, ARGV[2] account id
-- returns  1 refunded | -1 counter missing (reseed and retry)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local used = tonumber(redis.call('HGET', KEYS[1], 'used'))
local units = math.min(tonumber(ARGV[1]), used)
redis.call('HINCRBY', KEYS[1], 'used', -units)
redis.call('SADD', KEYS[2], ARGV[2])
return 1
