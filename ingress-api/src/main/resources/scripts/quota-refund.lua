-- Gives the units of one charge id back (never below zero), once: an id already marked
-- 'refunded' is left alone. An id without a marker is refunded too: its charge was made in
-- PostgreSQL during an outage (and is, or will be, in this counter), or its marker expired.
--
-- KEYS[1]  quota hash, KEYS[2] set of accounts to sync, KEYS[3] marker of the charge id
-- ARGV[1]  units, ARGV[2] account id, ARGV[3] marker lifetime, ms
-- returns  1 refunded | 0 refunded before | -1 counter missing (reseed and retry)
if redis.call('GET', KEYS[3]) == 'refunded' then
  return 0
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local used = tonumber(redis.call('HGET', KEYS[1], 'used'))
local units = math.min(tonumber(ARGV[1]), used)
redis.call('HINCRBY', KEYS[1], 'used', -units)
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], 'refunded', 'PX', ARGV[3])
return 1
