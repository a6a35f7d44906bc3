-- Last step of a sync: PostgreSQL has the batch, forget it. The account leaves the set of
-- accounts to sync unless usage moved on meanwhile.
--
-- KEYS[1]  quota hash, KEYS[2] set of accounts to sync
-- ARGV[1]  batch id, ARGV[2] account id
if redis.call('HGET', KEYS[1], 'batch') == ARGV[1] then
  redis.call('HDEL', KEYS[1], 'batch', 'batchDelta')
end
local values = redis.call('HMGET', KEYS[1], 'used', 'synced', 'batch')
if not values[1] or (tonumber(values[1]) == tonumber(values[2]) and not values[3]) then
  redis.call('SREM', KEYS[2], ARGV[2])
end
return 1
