import { createHash, randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { BalanceChange } from '../../domain/points';
import type { RankIndex } from '../ports';
import type { PointRanksRepository } from '../storage/point-ranks';
import { createSqlRankIndex } from './sql-rank-index';
import { rankLines } from './ranked-lines';
import { APPLY_SCRIPT, RANK_FOR_SCRIPT, SET_LISTED_SCRIPT, STANDING_SCRIPT, TOP_SCRIPT } from './rank-scripts';

/** The rank index's own connection: a rank read must fail at once during an outage (and be answered from SQL). */
function createRanksRedis(url: string) {
	return createClient({
		url,
		socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2_000), connectTimeout: 5_000 },
		disableOfflineQueue: true
	});
}
type RanksRedis = ReturnType<typeof createRanksRedis>;

/** Balances loaded per script call while rebuilding (PT10): a page of the store, one round trip to Redis. */
export const REBUILD_PAGE_SIZE = 2_000;
/** A rebuild holds `P:building` this long past its last page; a node that died mid-rebuild frees it so. */
const REBUILD_LOCK_MS = 30_000;
/** How often a node waiting for another node's rebuild looks again. */
const REBUILD_POLL_MS = 50;
const QUIT_TIMEOUT_MS = 2_000;

export interface RedisRankIndex extends RankIndex {
	/** Resolves once a rebuild this node started is over (tests, shutdown). */
	settled(): Promise<void>;
	close(): Promise<void>;
}

/**
 * LB6: ranks from Redis sorted sets kept in step with the ledger: `apply` sets the committed totals (see
 * rank-scripts.ts for the keys and why totals, not deltas), reads are one script each. Whenever Redis cannot answer
 * (an outage) a read is answered from `point_balances` instead, the same answer (LB7); when Redis lost the boards
 * (no `P:gen`), or a change could not be applied here, the next read starts a rebuild from the balances, in pages,
 * into a fresh generation that replaces the old one when complete, and is answered from SQL until then.
 */
export function createRedisRankIndex(options: { url: string; prefix: string; ranks: PointRanksRepository; log: Logger }): RedisRankIndex {
	const { ranks, log } = options;
	const prefix = `${options.prefix}:lb`;
	const redis: RanksRedis = createRanksRedis(options.url);
	const sql = createSqlRankIndex(ranks);
	let reported = false;
	redis.on('error', (error: unknown) => {
		if (!reported) log.warn({ err: error }, 'ranks: Redis unreachable, answering from the database until it is back');
		reported = true;
	});
	redis.on('ready', () => (reported = false));
	// A node may start while Redis is down: it answers from the database and rebuilds once connected.
	const connected = redis.connect().then(
		() => true,
		(error: unknown) => {
			log.warn({ err: error }, 'ranks: could not connect to Redis yet');
			return false;
		}
	);

	const shas = new Map<string, string>();
	const sha = (script: string) => {
		let known = shas.get(script);
		if (known === undefined) shas.set(script, (known = createHash('sha1').update(script).digest('hex')));
		return known;
	};
	async function run(script: string, args: readonly (string | number)[]): Promise<unknown> {
		const call = () => redis.sendCommand(['EVALSHA', sha(script), '0', ...args.map(String)]);
		try {
			return await call();
		} catch (error) {
			if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
			// A restarted Redis forgot the scripts: load this one again.
			await redis.sendCommand(['SCRIPT', 'LOAD', script]);
			return call();
		}
	}

	/** A change this node could not apply (Redis out of reach): the next read rebuilds. */
	let missedChanges = false;
	let rebuilding: Promise<void> | null = null;

	async function loadGeneration(generation: string): Promise<void> {
		let after: { board: string; userId: string } | null = null;
		for (;;) {
			const page = await ranks.page(after, REBUILD_PAGE_SIZE);
			if (page.length === 0) return;
			const rows = page.flatMap((row) => [row.board, row.userId, row.points, row.reachedAt, row.listed ? '1' : '0']);
			await run(APPLY_SCRIPT, [prefix, generation, ...rows]);
			await redis.pExpire(`${prefix}:building`, REBUILD_LOCK_MS);
			const last = page.at(-1)!;
			after = { board: last.board, userId: last.userId };
		}
	}

	async function dropGeneration(generation: string): Promise<void> {
		for await (const keys of redis.scanIterator({ MATCH: `${prefix}:${generation}:*`, COUNT: 1_000 })) {
			if (keys.length > 0) await redis.unlink(keys);
		}
	}

	async function rebuildOnce(): Promise<void> {
		await connected;
		const generation = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
		for (;;) {
			const claimed = await redis.set(`${prefix}:building`, generation, { condition: 'NX', expiration: { type: 'PX', value: REBUILD_LOCK_MS } });
			if (claimed !== null) break;
			// Another node is rebuilding: its result serves this node too.
			while ((await redis.exists(`${prefix}:building`)) === 1) await new Promise((resolve) => setTimeout(resolve, REBUILD_POLL_MS));
			if ((await redis.exists(`${prefix}:gen`)) === 1) return;
		}
		missedChanges = false;
		try {
			await loadGeneration(generation);
			const previous = await redis.get(`${prefix}:gen`);
			await redis.multi().set(`${prefix}:gen`, generation).del(`${prefix}:building`).exec();
			if (previous && previous !== generation) await dropGeneration(previous);
			log.info({ generation }, 'ranks: boards rebuilt in Redis from the balances');
		} catch (error) {
			await redis.del(`${prefix}:building`).catch(() => {});
			await dropGeneration(generation).catch(() => {});
			throw error;
		}
	}

	function rebuild(): Promise<void> {
		rebuilding ??= rebuildOnce().finally(() => (rebuilding = null));
		return rebuilding;
	}

	/** The answer from Redis, or from SQL when Redis cannot give it (lost boards start a rebuild in the background). */
	async function read<T>(fromRedis: () => Promise<T | null>, fromSql: () => Promise<T>): Promise<T> {
		if (missedChanges && rebuilding === null && redis.isReady) void rebuild().catch((error: unknown) => log.warn({ err: error }, 'ranks: rebuild failed'));
		if (rebuilding !== null || !redis.isReady) return fromSql();
		try {
			const answer = await fromRedis();
			if (answer !== null) return answer;
			void rebuild().catch((error: unknown) => log.warn({ err: error }, 'ranks: rebuild failed'));
		} catch (error) {
			log.warn({ err: error }, 'ranks: Redis read failed, answering from the database');
		}
		return fromSql();
	}

	return {
		async apply(changes: readonly BalanceChange[]) {
			if (changes.length === 0) return;
			try {
				await run(APPLY_SCRIPT, [prefix, '', ...changes.flatMap((change) => [change.board, change.userId, change.points, change.reachedAt, change.listed ? '1' : '0'])]);
			} catch (error) {
				missedChanges = true;
				log.warn({ err: error }, 'ranks: could not apply point changes to Redis; the next read rebuilds');
			}
		},
		async setListed(userId, listed) {
			try {
				await run(SET_LISTED_SCRIPT, [prefix, userId, listed ? '1' : '0']);
			} catch (error) {
				missedChanges = true;
				log.warn({ err: error }, 'ranks: could not apply an opt-out to Redis; the next read rebuilds');
			}
		},
		rebuild,
		standing(board, userId) {
			return read(async () => {
				const reply = (await run(STANDING_SCRIPT, [prefix, board, userId])) as [number, number] | null;
				if (reply === null) return null;
				const [points, above] = reply;
				return { rank: above < 0 ? null : above + 1, points };
			}, () => sql.standing(board, userId));
		},
		top(board, limit, offset = 0) {
			return read(async () => {
				const reply = (await run(TOP_SCRIPT, [prefix, board, offset, limit])) as (number | string)[] | null;
				if (reply === null) return null;
				const [seconds, microseconds, total, above, ...flat] = reply;
				const lines: { userId: string; points: number }[] = [];
				for (let index = 0; index < flat.length; index += 2) {
					const member = String(flat[index]);
					lines.push({ userId: member.slice(member.indexOf('|') + 1), points: -Number(flat[index + 1]) });
				}
				const firstRank = offset === 0 ? 1 : Number(above) + 1;
				return { lines: rankLines(lines, offset, firstRank), total: Number(total), version: Number(seconds) * 1_000_000 + Number(microseconds) };
			}, () => sql.top(board, limit, offset));
		},
		rankFor(board, points, userId) {
			return read(async () => {
				const above = (await run(RANK_FOR_SCRIPT, [prefix, board, points, userId])) as number | null;
				return above === null ? null : above + 1;
			}, () => sql.rankFor(board, points, userId));
		},
		async settled() {
			await rebuilding?.catch(() => {});
		},
		async close() {
			await rebuilding?.catch(() => {});
			if (!redis.isReady) return void (redis.isOpen && redis.destroy());
			const gaveUp = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), QUIT_TIMEOUT_MS).unref());
			const outcome = await Promise.race([redis.quit().catch(() => 'failed' as const), gaveUp]);
			if (outcome === 'timeout' || outcome === 'failed') redis.destroy();
		}
	};
}
