import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BalanceChange, BoardKey } from '../../src/lib/domain/points';
import type { RankIndex } from '../../src/lib/server/ports';
import { createRedisRankIndex, type RedisRankIndex } from '../../src/lib/server/ranks/redis-rank-index';
import { createSqlRankIndex } from '../../src/lib/server/ranks/sql-rank-index';
import { openStore, type Store } from '../../src/lib/server/storage/store';
import { createScratchDatabase, dropRedisPrefix, scratchRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services';
import pino from 'pino';
import { createClient } from 'redis';

interface Setup {
	readonly store: Store;
	readonly index: RankIndex;
	/** Plays a Redis loss (what a FLUSHDB or a restart does to this index's keys); absent for SQL. */
	readonly loseRedis?: () => Promise<void>;
	readonly settled?: () => Promise<void>;
	/** Whether Redis holds the boards (its generation marker). */
	readonly redisHasBoards?: () => Promise<boolean>;
	close(): Promise<void>;
}

const silent = pino({ level: 'silent' });
const at = (second: number) => new Date(Date.UTC(2026, 5, 1, 10, 0, second)).toISOString();

/**
 * LB5–LB7: the SQL and the Redis rank indexes give the same answers. Balances are written as the points service
 * writes them (in the ledger's transaction), then handed to the index as the service does.
 */
function rankIndexContract(label: string, open: () => Promise<Setup>) {
	describe(`rank index contract: ${label}`, () => {
		let setup: Setup;
		let people = 0;
		beforeAll(async () => {
			setup = await open();
		});
		afterAll(async () => {
			await setup?.close();
		});

		async function person(name: string): Promise<string> {
			people += 1;
			const id = `${name}-${people}-${label.replace(/\W/g, '')}`;
			await setup.store.users.insertIfEmailFree({ id, email: `${id}@example.org`, displayName: name, passwordHash: 'x', role: 'citizen', createdAt: at(0) });
			return id;
		}

		async function give(changes: Omit<BalanceChange, 'delta' | 'listed'>[]): Promise<void> {
			const written: BalanceChange[] = [];
			for (const change of changes) {
				const before = await setup.store.pointRanks.balanceOf(change.board, change.userId);
				written.push({ ...change, delta: change.points - (before?.points ?? 0), listed: before?.listed ?? true });
			}
			await setup.store.transaction((tx) => tx.pointRanks.writeBalances(written));
			await setup.index.apply(written);
		}

		async function optOut(userId: string, listed: boolean): Promise<void> {
			await setup.store.transaction((tx) => tx.pointRanks.setListed(userId, listed));
			await setup.index.setListed(userId, listed);
		}

		const lines = async (board: BoardKey, limit = 10, offset = 0) => (await setup.index.top(board, limit, offset)).lines.map((line) => [line.rank, line.userId, line.points]);

		it('[LB1] ranks are competition ranks: equal points share a rank, ordered by who got there first, then user id', async () => {
			const board: BoardKey = 'project:ties';
			const [ana, ben, cas, dee] = [await person('ana'), await person('ben'), await person('cas'), await person('dee')];
			await give([
				{ board, userId: ben, points: 10, reachedAt: at(2) },
				{ board, userId: ana, points: 10, reachedAt: at(1) },
				{ board, userId: cas, points: 7, reachedAt: at(1) },
				{ board, userId: dee, points: 12, reachedAt: at(3) }
			]);
			expect(await lines(board)).toEqual([
				[1, dee, 12],
				[2, ana, 10],
				[2, ben, 10],
				[4, cas, 7]
			]);
			expect(await setup.index.standing(board, ben)).toEqual({ rank: 2, points: 10 });
			expect((await setup.index.top(board, 10)).total).toBe(4);
			// Same points, same moment: the user id decides the order, the rank stays shared.
			const [zed, abe] = [await person('zed'), await person('abe')];
			await give([
				{ board: 'project:same', userId: zed, points: 3, reachedAt: at(5) },
				{ board: 'project:same', userId: abe, points: 3, reachedAt: at(5) }
			]);
			expect(await lines('project:same')).toEqual([[1, abe < zed ? abe : zed, 3], [1, abe < zed ? zed : abe, 3]]);
		});

		it('[LB3] pages of the top carry on the ranks of a tie that spans them, and count the listed people', async () => {
			const board: BoardKey = 'project:pages';
			const ids = [];
			for (let index = 0; index < 7; index++) ids.push(await person(`p${index}`));
			// Points 9, 8, 8, 8, 5, 5, 1.
			const points = [9, 8, 8, 8, 5, 5, 1];
			await give(ids.map((userId, index) => ({ board, userId, points: points[index]!, reachedAt: at(index) })));
			const all = await lines(board, 10);
			expect(all.map(([rank]) => rank)).toEqual([1, 2, 2, 2, 5, 5, 7]);
			const pages = [...(await lines(board, 3, 0)), ...(await lines(board, 3, 3)), ...(await lines(board, 3, 6))];
			expect(pages).toEqual(all);
			expect(await lines(board, 3, 7)).toEqual([]);
			const page = await setup.index.top(board, 2, 2);
			expect(page.total).toBe(7);
			expect(page.lines.map((line) => line.rank)).toEqual([2, 2]);
		});

		it('[LB2] an opted-out person leaves every public board at once, still sees where they would stand, and comes back', async () => {
			const [ola, pia, quin] = [await person('ola'), await person('pia'), await person('quin')];
			const boards: BoardKey[] = ['project:optout', 'district:optout'];
			await give(
				boards.flatMap((board) => [
					{ board, userId: ola, points: 20, reachedAt: at(1) },
					{ board, userId: pia, points: 15, reachedAt: at(1) },
					{ board, userId: quin, points: 5, reachedAt: at(1) }
				])
			);
			await optOut(ola, false);
			for (const board of boards) {
				expect(await lines(board)).toEqual([
					[1, pia, 15],
					[2, quin, 5]
				]);
				expect(await setup.index.standing(board, ola)).toEqual({ rank: 1, points: 20 });
				expect((await setup.index.top(board, 10)).total).toBe(2);
			}
			// Points earned while opted out count, and stay off the board.
			await give([{ board: 'project:optout', userId: ola, points: 10, reachedAt: at(4) }]);
			expect(await setup.index.standing('project:optout', ola)).toEqual({ rank: 2, points: 10 });
			expect(await lines('project:optout')).toEqual([
				[1, pia, 15],
				[2, quin, 5]
			]);
			await optOut(ola, true);
			expect(await lines('project:optout')).toEqual([
				[1, pia, 15],
				[2, ola, 10],
				[3, quin, 5]
			]);
			expect(await lines('district:optout')).toEqual([
				[1, ola, 20],
				[2, pia, 15],
				[3, quin, 5]
			]);
		});

		it('[LB1] a reversal lowers a person on the board; down to nothing, they leave it and have no rank', async () => {
			const board: BoardKey = 'project:reversal';
			const [rui, sol] = [await person('rui'), await person('sol')];
			await give([
				{ board, userId: rui, points: 12, reachedAt: at(1) },
				{ board, userId: sol, points: 8, reachedAt: at(2) }
			]);
			await give([{ board, userId: rui, points: 4, reachedAt: at(3) }]);
			expect(await lines(board)).toEqual([
				[1, sol, 8],
				[2, rui, 4]
			]);
			await give([{ board, userId: sol, points: 0, reachedAt: at(4) }]);
			expect(await lines(board)).toEqual([[1, rui, 4]]);
			expect(await setup.index.standing(board, sol)).toEqual({ rank: null, points: 0 });
			expect(await setup.index.standing(board, 'nobody')).toEqual({ rank: null, points: 0 });
		});

		it('[LB8] rankFor says where some points would stand among the others', async () => {
			const board: BoardKey = 'project:rankfor';
			const [tom, uma, vic] = [await person('tom'), await person('uma'), await person('vic')];
			await give([
				{ board, userId: tom, points: 30, reachedAt: at(1) },
				{ board, userId: uma, points: 20, reachedAt: at(1) },
				{ board, userId: vic, points: 10, reachedAt: at(1) }
			]);
			// vic had 10 and now has 25: before, two people were above; tom's own 30 is not counted against tom.
			expect(await setup.index.rankFor(board, 10, vic)).toBe(3);
			expect(await setup.index.rankFor(board, 25, tom)).toBe(1);
			expect(await setup.index.rankFor(board, 15, vic)).toBe(3);
		});

		it('[LB1] all-time, month, project and district boards are separate boards', async () => {
			const [wim, xia] = [await person('wim'), await person('xia')];
			await give([
				{ board: 'all', userId: wim, points: 40, reachedAt: at(1) },
				{ board: 'month:2026-06', userId: wim, points: 5, reachedAt: at(1) },
				{ board: 'all', userId: xia, points: 30, reachedAt: at(2) },
				{ board: 'month:2026-06', userId: xia, points: 30, reachedAt: at(2) },
				{ board: 'district:ixelles', userId: xia, points: 30, reachedAt: at(2) }
			]);
			expect((await setup.index.standing('all', wim)).rank).toBeLessThan((await setup.index.standing('all', xia)).rank!);
			expect(await lines('month:2026-06')).toEqual([
				[1, xia, 30],
				[2, wim, 5]
			]);
			expect(await lines('district:ixelles')).toEqual([[1, xia, 30]]);
			expect(await lines('month:2026-05')).toEqual([]);
		});

		// Only Redis keeps boards of its own; the SQL index reads the balances themselves.
		if (label === 'Redis')
			it('[LB6] Redis answers from its sorted sets, which only `apply` and `rebuild` change', async () => {
			const [yan] = [await person('yan')];
			const change: BalanceChange = { board: 'project:instep', userId: yan, points: 9, delta: 9, reachedAt: at(1), listed: true };
			await setup.store.transaction((tx) => tx.pointRanks.writeBalances([change]));
			expect(await lines('project:instep')).toEqual([]);
			await setup.index.apply([change]);
			await setup.index.apply([change]);
			expect(await lines('project:instep')).toEqual([[1, yan, 9]]);
			// An older total arriving late (another node, a retry) does not replace the newer one.
			await setup.index.apply([{ ...change, points: 4, reachedAt: at(0) }]);
			expect(await lines('project:instep')).toEqual([[1, yan, 9]]);
		});

		it('[LB4] a later reading of a board has a higher version', async () => {
			const first = await setup.index.top('all', 5);
			const second = await setup.index.top('all', 5);
			expect(second.version).toBeGreaterThan(first.version);
		});

		it('[LB7] after Redis loses the boards the next read rebuilds them, and every answer is the same', async () => {
			const boards: BoardKey[] = ['all', 'month:2026-06', 'project:ties', 'project:pages', 'project:optout', 'district:optout', 'project:reversal'];
			const read = async () => Promise.all(boards.map(async (board) => ({ top: (await setup.index.top(board, 50)).lines, total: (await setup.index.top(board, 50)).total })));
			const before = await read();
			await setup.loseRedis?.();
			expect(await read()).toEqual(before);
			await setup.settled?.();
			if (setup.redisHasBoards) expect(await setup.redisHasBoards()).toBe(true);
			expect(await read()).toEqual(before);
			await setup.index.rebuild();
			expect(await read()).toEqual(before);
		});
	});
}

const sqlite = async (): Promise<Setup> => {
	const store = await openStore({ dialect: 'sqlite', file: ':memory:' });
	return { store, index: createSqlRankIndex(store.pointRanks), close: () => store.close() };
};
rankIndexContract('SQL on SQLite', sqlite);

const postgresUrl = TEST_DATABASE_URL;
if (postgresUrl) {
	rankIndexContract('SQL on PostgreSQL', async () => {
		const scratch = await createScratchDatabase(postgresUrl);
		const store = await openStore({ dialect: 'postgres', url: scratch.url });
		return {
			store,
			index: createSqlRankIndex(store.pointRanks),
			async close() {
				await store.close();
				await scratch.drop();
			}
		};
	});
} else {
	describe.skip('rank index contract: SQL on PostgreSQL (set TEST_DATABASE_URL to run it)', () => it('needs PostgreSQL', () => {}));
	console.warn('rank index contract: PostgreSQL skipped: TEST_DATABASE_URL is not set');
}

const redisUrl = TEST_REDIS_URL;
if (redisUrl) {
	rankIndexContract('Redis', async () => {
		const store = await openStore({ dialect: 'sqlite', file: ':memory:' });
		const prefix = scratchRedisPrefix();
		const index: RedisRankIndex = createRedisRankIndex({ url: redisUrl, prefix, ranks: store.pointRanks, log: silent });
		await index.rebuild();
		return {
			store,
			index,
			loseRedis: () => dropRedisPrefix(redisUrl, prefix),
			settled: () => index.settled(),
			async redisHasBoards() {
				const redis = createClient({ url: redisUrl });
				await redis.connect();
				const exists = await redis.exists(`${prefix}:lb:gen`);
				await redis.quit();
				return exists === 1;
			},
			async close() {
				await index.close();
				await dropRedisPrefix(redisUrl, prefix);
				await store.close();
			}
		};
	});
} else {
	describe.skip('rank index contract: Redis (set TEST_REDIS_URL to run it)', () => it('needs Redis', () => {}));
	console.warn('rank index contract: Redis skipped: TEST_REDIS_URL is not set');
}
