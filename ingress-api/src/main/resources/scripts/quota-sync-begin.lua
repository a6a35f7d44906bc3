-- First step of moving usage to PostgreSQL: takes the unsynced delta out as a batch with an id.
-- A batch not yet acknowledged (quota-sync-commit.lua) is handed out again, with the same id,
-- so a crash between PostgreSQL and the acknowledgement neither loses nor double-counts it.
--
-- KEYS[1]  quota hash, KEYS[2] set of accounts to sync
-- ARGV[1]  id for a new batch, ARGV[2] account id
-- returns  {batchId, delta} | {} nothing to sync
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[2], ARGV[2])
  return {}
end
local pending = redis.call('HMGET', KEYS[1], 'batch', 'batchDelta')
if pending[1] then
  return { pending[1], pending[2] }
end
local values = redis.call('HMGET', KEYS[1], 'used', 'synced')
local used = tonumber(values[1])
local delta = used - tonumber(values[2])
if delta == 0 then
  redis.call('SREM', KEYS[2], ARGV[2])
  return {}
end
redis.call('HSET', KEYS[1], 'synced', used, 'batch', ARGV[1], 'batchDelta', delta)
return { ARGV[1], tostring(delta) }
