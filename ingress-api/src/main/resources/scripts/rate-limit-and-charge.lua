-- The rate limit and the quota charge of one request in one round trip: rate_limit is
-- rate-limit-gcra.lua and charge is quota-charge.lua, each prepended unchanged as a function
-- (LuaScripts.withFunctions), so both keep one definition.
--
-- KEYS     the rate limit's keys (one per policy, then the accounts version), then the charge's
--          three keys (counter, dirty set, charge id marker)
-- ARGV[1]  number of policies n; ARGV[2] the accounts version the request's key was checked
--          under; ARGV[3 .. 2n+2] the rate limit's arguments; then the charge's four arguments
-- returns  the rate limit's answer as rate-limit-gcra.lua gives it, then the charge's status
--          and remaining: 1 charged, 0 refused, -1 counter missing (as quota-charge.lua),
--          -2 not attempted because the accounts version moved (the key may be revoked: the
--          caller checks it first), -3 not attempted because the rate limit refused
local n = tonumber(ARGV[1])
local limitKeys, limitArgs, chargeKeys, chargeArgs = {}, {}, {}, {}
for i = 1, n + 1 do limitKeys[i] = KEYS[i] end
for i = 1, 3 do chargeKeys[i] = KEYS[n + 1 + i] end
for i = 1, 2 * n do limitArgs[i] = ARGV[2 + i] end
for i = 1, 4 do chargeArgs[i] = ARGV[2 + 2 * n + i] end
local result = rate_limit(limitKeys, limitArgs)
local charged
if result[1] ~= 1 then
  charged = { -3, 0 }
elseif result[#result] ~= tonumber(ARGV[2]) then
  charged = { -2, 0 }
else
  charged = charge(chargeKeys, chargeArgs)
end
result[#result + 1] = charged[1]
result[#result + 1] = charged[2]
return result
