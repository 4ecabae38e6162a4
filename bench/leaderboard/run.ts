/**
 * `npm run bench:leaderboard`: the ranks at issue 11's scale. 100,000 people and 10,000,000 ledger rows (skewed: a
 * few people earn most), on SQLite (a temporary file) and PostgreSQL (a scratch database on BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test, dropped after); `point_balances` derived from the ledger by the
 * rebuild query (storage/points.ts rebuildBalances, timed); then the rank of one person and a page of
 * the top, p50/p99, from the SQL rank index and from the Redis one (BENCH_REDIS_URL, default
 * redis://127.0.0.1:6379/9, own key prefix, deleted after; its rebuild from the balances timed), each beside its
 * reference in the same run: the bare SELECT on the raw driver, and ZREVRANK/ZREVRANGE on a plain sorted set of the
 * same size. Prints the plans (EXPLAIN) of the rank and top queries, so a scan of the board shows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { createClient } from 'redis';
import type { BoardKey } from '../../src/lib/domain/points';
import { createRedisRankIndex } from '../../src/lib/server/ranks/redis-rank-index';
import { createSqlRankIndex } from '../../src/lib/server/ranks/sql-rank-index';
import type { RankIndex } from '../../src/lib/server/ports';
import { applySqlitePragmas } from '../../src/lib/server/storage/db';
import { migrateToLatest } from '../../src/lib/server/storage/migrate';
import { pointRanksRepository } from '../../src/lib/server/storage/point-ranks';
import { pointsRepository } from '../../src/lib/server/storage/points';
import type { Database, Dialect } from '../../src/lib/server/storage/schema';
import { createScratchDatabase } from '../../tests/support/services';

const say = (text: string) => process.stdout.write(`${text}\n`);

function options() {
	const { values } = parseArgs({
		args: process.argv.slice(2),
		strict: true,
		options: {
			people: { type: 'string', default: '100000' },
			rows: { type: 'string', default: '10000000' },
			runs: { type: 'string', default: '300' },
			dialects: { type: 'string', default: 'sqlite,postgres' }
		}
	});
	return {
		people: Number(values.people),
		rows: Number(values.rows),
		runs: Number(values.runs),
		dialects: values.dialects.split(',').map((part) => part.trim()) as Dialect[]
	};
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** p50 and p99 in milliseconds of `runs` calls of `work` (each given its run number), after a few warm-up calls. */
async function time(runs: number, work: (run: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
	for (let run = 0; run < 5; run++) await work(run);
	const took: number[] = [];
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		await work(run);
		took.push(performance.now() - started);
	}
	took.sort((a, b) => a - b);
	return { p50: percentile(took, 50), p99: percentile(took, 99) };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const row = (name: string, measured: { p50: number; p99: number }, reference: { p50: number; p99: number }, referenceName: string) =>
	say(`  ${name.padEnd(44)} p50 ${ms(measured.p50).padStart(10)}  p99 ${ms(measured.p99).padStart(10)}   | ${referenceName.padEnd(40)} p50 ${ms(reference.p50).padStart(10)}  p99 ${ms(reference.p99).padStart(10)}`);

interface Opened {
	readonly db: Kysely<Database>;
	/** The bare driver: the reference queries and EXPLAIN. */
	raw(text: string, params: readonly unknown[]): Promise<unknown[]>;
	close(): Promise<void>;
}

/** The last statement Kysely sent, for EXPLAIN. */
let lastQuery: CompiledQuery | null = null;
const log = (event: { query: CompiledQuery }) => void (lastQuery = event.query);

async function open(dialect: Dialect): Promise<Opened> {
	if (dialect === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'agora-bench-leaderboard-'));
		const sqlite = new SQLite(join(dir, 'bench.sqlite'));
		applySqlitePragmas(sqlite);
		const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log });
		return {
			db,
			raw: async (text, params) => sqlite.prepare(text).all(...(params as unknown[])),
			async close() {
				await db.destroy();
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const scratch = await createScratchDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
	// No statement time-out here (the app's pool has 15 s): generating 10,000,000 rows and rebuilding take longer.
	const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
	pg.types.setTypeParser(20, (value) => Number(value));
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
	return {
		db,
		raw: async (text, params) => (await pool.query(text, params as unknown[])).rows,
		async close() {
			await db.destroy();
			await scratch.drop();
		}
	};
}

/** People, then the ledger in chunks of a million rows, generated inside the database. */
async function generate(opened: Opened, dialect: Dialect, people: number, rows: number): Promise<void> {
	const { db } = opened;
	// Only the rebuild reads the ledger here, by a full scan: its lookup indexes would only slow the load down.
	for (const index of ['point_ledger_user', 'point_ledger_user_reason', 'point_ledger_source', 'point_ledger_idea']) await sql`drop index ${sql.raw(index)}`.execute(db);
	if (dialect === 'sqlite') {
		await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${people - 1})
			insert into users (id, email, display_name, password_hash, role, created_at, points_listed)
			select printf('u%06d', i), printf('u%06d@bench.example', i), printf('Person %d', i), 'x', 'citizen', '2026-01-01T00:00:00.000Z', case when i % 50 = 0 then 0 else 1 end from n`.execute(db);
	} else {
		await sql`insert into users (id, email, display_name, password_hash, role, created_at, points_listed)
			select 'u' || lpad(i::text, 6, '0'), 'u' || lpad(i::text, 6, '0') || '@bench.example', 'Person ' || i, 'x', 'citizen', '2026-01-01T00:00:00.000Z', case when i % 50 = 0 then 0 else 1 end
			from generate_series(0, ${people - 1}) i`.execute(db);
	}
	const chunk = 1_000_000;
	for (let start = 0; start < rows; start += chunk) {
		const end = Math.min(rows, start + chunk) - 1;
		// Who earns: the product of two uniform draws, so a few people earn much and many a little. Three months, five
		// projects, five districts (a quarter of the entries placed nowhere); every 97th entry a reversal.
		if (dialect === 'sqlite') {
			await sql`with recursive n(i) as (select ${start} union all select i + 1 from n where i < ${end})
				insert into point_ledger (id, user_id, points, reason, source_kind, source_id, idea_id, project_id, district_slug, created_at)
				select printf('l%08d', i), printf('u%06d', ((abs(random()) % ${people}) * (abs(random()) % ${people})) / ${people}),
					case when i % 97 = 0 then -1 else 1 + i % 5 end, 'vote_received', 'idea', 'i', 'i', 'p' || (i % 5),
					case when i % 4 = 0 then null else 'd' || (i % 5) end,
					printf('2026-%02d-%02dT%02d:%02d:%02d.000Z', 10 + i % 3, 1 + i % 28, i % 24, i % 60, (i / 60) % 60)
				from n`.execute(db);
		} else {
			await sql`insert into point_ledger (id, user_id, points, reason, source_kind, source_id, idea_id, project_id, district_slug, created_at)
				select 'l' || lpad(i::text, 8, '0'), 'u' || lpad((floor(random() * ${people})::bigint * floor(random() * ${people})::bigint / ${people})::text, 6, '0'),
					case when i % 97 = 0 then -1 else 1 + i % 5 end, 'vote_received', 'idea', 'i', 'i', 'p' || (i % 5),
					case when i % 4 = 0 then null else 'd' || (i % 5) end,
					'2026-' || lpad((10 + i % 3)::text, 2, '0') || '-' || lpad((1 + i % 28)::text, 2, '0') || 'T' || lpad((i % 24)::text, 2, '0') || ':' ||
					lpad((i % 60)::text, 2, '0') || ':' || lpad(((i / 60) % 60)::text, 2, '0') || '.000Z'
				from generate_series(${start}::bigint, ${end}::bigint) i`.execute(db);
		}
		process.stdout.write('.');
	}
	process.stdout.write('\n');
}

async function explain(opened: Opened, dialect: Dialect, run: () => Promise<unknown>): Promise<string> {
	await run();
	const query = lastQuery!;
	const plan = await opened.raw(`${dialect === 'sqlite' ? 'explain query plan' : 'explain'} ${query.sql}`, query.parameters);
	return plan.map((line) => Object.values(line as Record<string, unknown>).at(-1)).join(' / ');
}

async function measureIndex(label: string, index: RankIndex, runs: number, ids: readonly string[], reference: Record<string, { p50: number; p99: number }>, referenceNames: Record<string, string>) {
	const board: BoardKey = 'all';
	say(` ${label}`);
	row('top 20 of `all`', await time(runs, () => index.top(board, 20, 0)), reference.top!, referenceNames.top!);
	row('page of 20 at offset 5,000', await time(runs, () => index.top(board, 20, 5_000)), reference.deep!, referenceNames.deep!);
	row('rank of one person (random)', await time(runs, (run) => index.standing(board, ids[(run * 7_919) % ids.length]!)), reference.rank!, referenceNames.rank!);
	row('rank of the last person (most above)', await time(runs, () => index.standing(board, ids.at(-1)!)), reference.rankLast!, referenceNames.rankLast!);
	row('top 20 of `month:2026-11`', await time(runs, () => index.top('month:2026-11', 20, 0)), reference.top!, referenceNames.top!);
}

async function benchDialect(dialect: Dialect, settings: ReturnType<typeof options>, redisUrl: string): Promise<void> {
	say(`\n== ${dialect}: ${settings.people.toLocaleString('en')} people, ${settings.rows.toLocaleString('en')} ledger rows`);
	const opened = await open(dialect);
	try {
		await migrateToLatest(opened.db, dialect);
		let started = performance.now();
		await generate(opened, dialect, settings.people, settings.rows);
		say(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		started = performance.now();
		const balances = await opened.db.transaction().execute((trx) => pointsRepository(trx, dialect).rebuildBalances());
		say(`  REBUILD point_balances from the ledger (an INSERT … SELECT … GROUP BY per board family): ${((performance.now() - started) / 1000).toFixed(1)} s, ${balances.toLocaleString('en')} balances`);
		// PostgreSQL plans an index-only scan once the visibility map says the pages are all visible, which autovacuum
		// sees to on a live table; on this freshly written one it would choose the heap instead.
		await sql`${sql.raw(dialect === 'postgres' ? 'vacuum analyze point_balances' : 'analyze')}`.execute(opened.db);
		const ranks = pointRanksRepository(opened.db);
		const sqlIndex = createSqlRankIndex(ranks);
		// Who is on `all`, most points first: the random picks and the last one come from here.
		const ids = ((await opened.raw("select user_id from point_balances where board = 'all' and listed = 1 and points > 0 order by points desc, reached_at, user_id", [])) as { user_id: string }[]).map((line) => line.user_id);
		say(`  ${ids.length.toLocaleString('en')} listed on \`all\``);
		say(`  plan, top:  ${await explain(opened, dialect, () => ranks.top('all', 20, 0))}`);
		say(`  plan, rank: ${await explain(opened, dialect, () => ranks.countAbove('all', 1))}`);
		say(`  plan, total: ${await explain(opened, dialect, () => ranks.listedCount('all'))}`);

		const p = (n: number) => (dialect === 'sqlite' ? '?' : `$${n}`);
		const topSql = `select user_id, points from point_balances where board = ${p(1)} and listed = 1 and points > 0 order by points desc, reached_at, user_id limit 20 offset ${p(2)}`;
		const countSql = `select count(*) from point_balances where board = ${p(1)} and listed = 1 and points > ${p(2)}`;
		const pointsOf = new Map(((await opened.raw("select user_id, points from point_balances where board = 'all'", [])) as { user_id: string; points: number }[]).map((line) => [line.user_id, Number(line.points)]));
		const sqlReference = {
			top: await time(settings.runs, () => opened.raw(topSql, ['all', 0])),
			deep: await time(settings.runs, () => opened.raw(topSql, ['all', 5_000])),
			rank: await time(settings.runs, (run) => opened.raw(countSql, ['all', pointsOf.get(ids[(run * 7_919) % ids.length]!)])),
			rankLast: await time(settings.runs, () => opened.raw(countSql, ['all', pointsOf.get(ids.at(-1)!)]))
		};
		const sqlNames = { top: 'bare SELECT … ORDER BY … LIMIT 20', deep: 'bare SELECT … LIMIT 20 OFFSET 5000', rank: 'bare SELECT count(*) … points > ?', rankLast: 'bare SELECT count(*) (last person)' };
		await measureIndex('SQL rank index (no Redis)                     (reference: the bare query on the driver)', sqlIndex, settings.runs, ids, sqlReference, sqlNames);

		const prefix = `agora-bench-${randomBytes(4).toString('hex')}`;
		const redisIndex = createRedisRankIndex({ url: redisUrl, prefix, ranks, log: pino({ level: 'warn' }) });
		const plain = createClient({ url: redisUrl });
		await plain.connect();
		try {
			started = performance.now();
			await redisIndex.rebuild();
			say(`  REBUILD Redis boards from point_balances (pages of 2,000): ${((performance.now() - started) / 1000).toFixed(1)} s`);
			const plainKey = `${prefix}:plain`;
			for (let start = 0; start < ids.length; start += 10_000) {
				await plain.zAdd(plainKey, ids.slice(start, start + 10_000).map((id) => ({ score: pointsOf.get(id)!, value: id })));
			}
			const redisReference = {
				top: await time(settings.runs, () => plain.zRange(plainKey, 0, 19, { REV: true })),
				deep: await time(settings.runs, () => plain.zRange(plainKey, 5_000, 5_019, { REV: true })),
				rank: await time(settings.runs, (run) => plain.zRevRank(plainKey, ids[(run * 7_919) % ids.length]!)),
				rankLast: await time(settings.runs, () => plain.zRevRank(plainKey, ids.at(-1)!))
			};
			const redisNames = { top: 'bare ZREVRANGE 0 19 (plain sorted set)', deep: 'bare ZREVRANGE 5000 5019', rank: 'bare ZREVRANK', rankLast: 'bare ZREVRANK (last person)' };
			await measureIndex('Redis rank index                              (reference: a plain sorted set of the same people)', redisIndex, settings.runs, ids, redisReference, redisNames);
		} finally {
			await redisIndex.close();
			for await (const keys of plain.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000 })) if (keys.length > 0) await plain.unlink(keys);
			await plain.quit();
		}
	} finally {
		await opened.close();
	}
}

const settings = options();
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
for (const dialect of settings.dialects) await benchDialect(dialect, settings, redisUrl);
