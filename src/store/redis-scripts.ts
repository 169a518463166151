// The Lua scripts that make RedisStore's changes atomic: a presence and the indexes that point at it
// (network, rooms, the process that holds it) change together or not at all, whatever other processes do
// at the same moment. Redis runs a script alone (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
//
// Keys are built inside the scripts from a prefix (ARGV[1]), so they suit one Redis server, not Redis
// Cluster. A stored presence is {"proc": process id, "p": Presence} as JSON.

const HELPERS = `
local P = ARGV[1]
local function has(list, x)
  for _, y in ipairs(list) do if y == x then return true end end
  return false
end
-- The last member left: the room ends after its grace (0: at once), unless someone comes back.
local function emptied(room)
  local meta = P .. 'roomx:' .. room
  local grace = redis.call('GET', meta)
  if not grace then return end
  if tonumber(grace) <= 0 then redis.call('DEL', meta) else redis.call('PEXPIRE', meta, grace) end
end
-- Move a presence's index entries from old to new (either may be nil), touching only what differs.
local function reindex(old, new)
  if new then
    local p = new.p
    redis.call('SADD', P .. 'net:' .. p.network, p.device)
    for _, r in ipairs(p.rooms) do
      redis.call('SADD', P .. 'room:' .. r, p.device)
      redis.call('PERSIST', P .. 'roomx:' .. r)
    end
    redis.call('SADD', P .. 'held:' .. new.proc, p.device)
  end
  if old then
    local p = old.p
    if not (new and new.p.network == p.network) then redis.call('SREM', P .. 'net:' .. p.network, p.device) end
    for _, r in ipairs(p.rooms) do
      if not (new and has(new.p.rooms, r)) then
        redis.call('SREM', P .. 'room:' .. r, p.device)
        if redis.call('SCARD', P .. 'room:' .. r) == 0 then emptied(r) end
      end
    end
    if not (new and new.proc == old.proc) then redis.call('SREM', P .. 'held:' .. old.proc, p.device) end
  end
end
`;

export const SCRIPTS = {
  /** KEYS[1] presence; ARGV[2] the new one. Returns the one it replaced, or nil. */
  setPresence: `${HELPERS}
local old = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[2])
reindex(old and cjson.decode(old), cjson.decode(ARGV[2]))
return old`,

  /** KEYS[1] presence; ARGV[2] what it must still be, ARGV[3] the new one. Returns 1, or 0 if it changed meanwhile. */
  replacePresence: `${HELPERS}
local old = redis.call('GET', KEYS[1])
if old ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[3])
reindex(cjson.decode(old), cjson.decode(ARGV[3]))
return 1`,

  /** KEYS[1] presence; ARGV[2] the connection that must hold it. Returns what was removed, or nil. */
  removePresence: `${HELPERS}
local old = redis.call('GET', KEYS[1])
if not old then return nil end
local o = cjson.decode(old)
if o.p.conn ~= ARGV[2] then return nil end
redis.call('DEL', KEYS[1])
reindex(o, nil)
return old`,

  /** KEYS[1] the room's meta key; ARGV[2] the room, ARGV[3] its grace in ms. Returns 1, or 0 when taken. */
  createRoom: `${HELPERS}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[3])
if redis.call('SCARD', P .. 'room:' .. ARGV[2]) == 0 then emptied(ARGV[2]) end
return 1`,

  /**
   * KEYS[1] the bucket (hash tokens, at); ARGV[2] burst, ARGV[3] per minute, ARGV[4] now in ms (the caller's
   * clock, as MemoryStore's). Returns 1 with a token taken, else 0. Kept until it would have refilled.
   */
  take: `
local burst, rate, now = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = burst
if b[1] then tokens = math.min(burst, tonumber(b[1]) + (now - tonumber(b[2])) / 60000 * rate) end
local ok = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 60000) + 1000)
return ok`,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
