/**
 * The Redis side of the rank index (redis-rank-index.ts), as Lua scripts so each step is atomic on the one Redis all
 * nodes share. Keys, under the index's prefix `P`:
 *
 * - `P:gen`: the generation the boards are read from. Its absence means Redis lost the boards (a flush, a restart
 *   without persistence, a first start): the next read rebuilds them (PT10).
 * - `P:building`: a rebuild in progress (its generation, with a time-out): changes go to both generations meanwhile.
 * - `P:<gen>:z:<board>`: the public board (LB1), a sorted set of listed people with points: score `-points`, member
 *   `<reachedAt>|<userId>`. Ascending order is then most points first and, at equal points (equal scores are ordered by
 *   member bytes), who got there first (ISO times of one length), then user id: exactly SQL's order.
 * - `P:<gen>:h:<board>`: everyone's balance on the board, listed or not, `<points>|<reachedAt>` (LB2: where an
 *   opted-out person would stand is counted from the public set without listing them).
 * - `P:<gen>:unlisted`: who opted out (LB2); `P:<gen>:boards`: every board, for an opt-out to reach each of them.
 *
 * Balances are set as totals, never incremented (LB6): a change applied twice (a retry after a lost reply) or late
 * (two nodes, out of order) cannot count twice, and an older total (an earlier `reachedAt`) never replaces a newer one.
 */

const UPSERT = `
local function upsert(base, board, user, points, reached)
	local h = base .. ':h:' .. board
	local z = base .. ':z:' .. board
	local old = redis.call('HGET', h, user)
	if old then
		local oldReached = string.sub(old, string.find(old, '|', 1, true) + 1)
		if reached < oldReached then return end
		redis.call('ZREM', z, oldReached .. '|' .. user)
	end
	redis.call('HSET', h, user, points .. '|' .. reached)
	redis.call('SADD', base .. ':boards', board)
	if tonumber(points) > 0 and redis.call('SISMEMBER', base .. ':unlisted', user) == 0 then
		redis.call('ZADD', z, -tonumber(points), reached .. '|' .. user)
	end
end
`;

/** The generations a change goes to: the current one and the one being built (or `target` only). */
const GENERATIONS = `
local function generations(prefix, target)
	if target ~= '' then return { prefix .. ':' .. target } end
	local found = {}
	local current = redis.call('GET', prefix .. ':gen')
	local building = redis.call('GET', prefix .. ':building')
	if current then table.insert(found, prefix .. ':' .. current) end
	if building and building ~= current then table.insert(found, prefix .. ':' .. building) end
	return found
end
`;

/**
 * ARGV: prefix, target generation ('' = live: current and building), then (board, user, points, reachedAt, listed)
 * five at a time. A live change leaves listing to `P:<gen>:unlisted` (set by opt-outs, which may have come after the
 * change was read); a load (rebuild) records the opt-outs it reads.
 */
export const APPLY_SCRIPT = `${UPSERT}${GENERATIONS}
local prefix = ARGV[1]
local loading = ARGV[2] ~= ''
for _, base in ipairs(generations(prefix, ARGV[2])) do
	for i = 3, #ARGV, 5 do
		if loading and ARGV[i + 4] == '0' then redis.call('SADD', base .. ':unlisted', ARGV[i + 1]) end
		upsert(base, ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
	end
end
return 1
`;

/** ARGV: prefix, user, '1' (listed) or '0'. Moves the person into or out of every public board at once (LB2). */
export const SET_LISTED_SCRIPT = `${GENERATIONS}
local prefix, user, listed = ARGV[1], ARGV[2], ARGV[3] == '1'
for _, base in ipairs(generations(prefix, '')) do
	if listed then redis.call('SREM', base .. ':unlisted', user) else redis.call('SADD', base .. ':unlisted', user) end
	for _, board in ipairs(redis.call('SMEMBERS', base .. ':boards')) do
		local balance = redis.call('HGET', base .. ':h:' .. board, user)
		if balance then
			local sep = string.find(balance, '|', 1, true)
			local points = tonumber(string.sub(balance, 1, sep - 1))
			local member = string.sub(balance, sep + 1) .. '|' .. user
			local z = base .. ':z:' .. board
			if listed and points > 0 then redis.call('ZADD', z, -points, member) else redis.call('ZREM', z, member) end
		end
	end
end
return 1
`;

const CURRENT = `
local prefix = ARGV[1]
local gen = redis.call('GET', prefix .. ':gen')
if not gen then return false end
local base = prefix .. ':' .. gen
`;

/**
 * ARGV: prefix, board, user. Returns false when the boards were lost, else { points, above } with above = -1 when the
 * person has no points there (no rank), else how many listed people have more.
 */
export const STANDING_SCRIPT = `${CURRENT}
local balance = redis.call('HGET', base .. ':h:' .. ARGV[2], ARGV[3])
if not balance then return { 0, -1 } end
local points = tonumber(string.sub(balance, 1, string.find(balance, '|', 1, true) - 1))
if points <= 0 then return { points, -1 } end
return { points, redis.call('ZCOUNT', base .. ':z:' .. ARGV[2], '-inf', '(' .. -points) }
`;

/**
 * ARGV: prefix, board, offset, limit. Returns false when the boards were lost, else { seconds, microseconds (the
 * reading's version, Redis's clock: one clock for every node, LB4), total listed, how many have more points than the
 * first line, member, score, member, score, … }.
 */
export const TOP_SCRIPT = `${CURRENT}
local z = base .. ':z:' .. ARGV[2]
local offset, limit = tonumber(ARGV[3]), tonumber(ARGV[4])
local time = redis.call('TIME')
local lines = redis.call('ZRANGE', z, offset, offset + limit - 1, 'WITHSCORES')
local above = 0
if offset > 0 and #lines > 0 then above = redis.call('ZCOUNT', z, '-inf', '(' .. lines[2]) end
local reply = { tonumber(time[1]), tonumber(time[2]), redis.call('ZCARD', z), above }
for _, value in ipairs(lines) do table.insert(reply, value) end
return reply
`;

/** ARGV: prefix, board, points, user. False when lost, else how many listed people other than `user` have more. */
export const RANK_FOR_SCRIPT = `${CURRENT}
local board, points, user = ARGV[2], tonumber(ARGV[3]), ARGV[4]
local above = redis.call('ZCOUNT', base .. ':z:' .. board, '-inf', '(' .. -points)
local balance = redis.call('HGET', base .. ':h:' .. board, user)
if balance and redis.call('SISMEMBER', base .. ':unlisted', user) == 0 then
	local own = tonumber(string.sub(balance, 1, string.find(balance, '|', 1, true) - 1))
	if own > points then above = above - 1 end
end
return above
`;
