-- After a Redis outage: makes a surviving counter include the units that were charged straight
-- to PostgreSQL meanwhile. They are already in PostgreSQL, so used and synced move together.
-- A counter seeded after the outage began read them from PostgreSQL already and is left alone.
--
-- KEYS[1]  quota hash
-- ARGV[1]  units (negative for refunds), ARGV[2] outage start, epoch milliseconds
-- returns  1 absorbed | 0 not needed
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local seededAt = tonumber(redis.call('HGET', KEYS[1], 'seededAt') or '0')
if seededAt >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HINCRBY', KEYS[1], 'used', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'synced', ARGV[1])
return 1
