-- After a Redis outage: settles one charge id whose Redis command failed ambiguously (it may
-- have run, or still run, although the client gave up) and which was decided in PostgreSQL
-- instead. The id's marker tells what Redis did; this script brings the counter to the state
-- the request ended in, and the caller then takes PostgreSQL's direct units for the id back
-- out (Redis' own usage reaches PostgreSQL by the sync).
--
-- KEYS[1]  quota hash, KEYS[2] set of accounts to sync, KEYS[3] marker of the charge id
-- ARGV[1]  final state of the request: 'charged' or 'refunded'
-- ARGV[2]  units to move when Redis never saw the id: +units for a charge, -units for a refund
--          of a charge Redis holds, 0 for a charge that ended refused or refunded
-- ARGV[3]  units of the charge, ARGV[4] when the command failed, epoch ms, ARGV[5] account id,
-- ARGV[6]  marker lifetime, ms
-- returns  1 Redis holds the final state (take PostgreSQL's direct units out) | 0 PostgreSQL's
--          copy stands: the counter is missing or was seeded from PostgreSQL after the failure
local marker = redis.call('GET', KEYS[3])
if redis.call('EXISTS', KEYS[1]) == 0
    or tonumber(redis.call('HGET', KEYS[1], 'seededAt') or '0') >= tonumber(ARGV[4]) then
  if not marker then
    redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[6])
  end
  return 0
end
if marker == 'refunded' or marker == ARGV[1] then
  return 1
end
if marker == 'charged' then
  redis.call('HINCRBY', KEYS[1], 'used', -tonumber(ARGV[3]))
else
  redis.call('HINCRBY', KEYS[1], 'used', tonumber(ARGV[2]))
end
redis.call('SADD', KEYS[2], ARGV[5])
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[6])
return 1
