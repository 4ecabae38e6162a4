/**
 * `npm run bench:board:votes`: durable votes per second through `services.votes.cast` (each acknowledged after its
 * commit), beside a raw upsert loop on the same machine in the same run, with the same durability settings:
 * - SQLite: a fresh file in a temporary folder, opened by the app as it always is (WAL, synchronous=NORMAL), against
 *   better-sqlite3 running one prepared upsert per commit on its own file with the same pragmas.
 * - PostgreSQL (with --pg or BENCH_DATABASE_URL): a scratch database, against `pg` upserts, one per commit, from the
 *   same number of concurrent clients.
 *
 * Every cast changes the counts (each voter flips its vote on an idea each time), so each one writes. Write limits are
 * lifted (UNLIMITED): the benchmark measures the vote path, not R5.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { SignedInActor } from '../../src/lib/domain/actors';
import type { VoteValue } from '../../src/lib/domain/votes';
import { createApp, type App } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { BRUSSELS_MUNICIPALITIES } from '../../src/lib/server/demo/brussels';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { applySqlitePragmas } from '../../src/lib/server/storage/db';

const VOTERS = 500;
const IDEAS = 8;

interface Options {
	readonly seconds: number;
	readonly concurrency: number;
	readonly postgresUrl: string | null;
}

function parseOptions(): Options {
	const { values } = parseArgs({
		options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '32' }, pg: { type: 'string' } },
		strict: true
	});
	const seconds = Number(values.seconds);
	const concurrency = Number(values.concurrency);
	if (!(seconds > 0) || !Number.isInteger(concurrency) || concurrency < 1) throw new Error('usage: tsx bench/board/votes.ts [--seconds 5] [--concurrency 32] [--pg postgres://…]');
	return { seconds, concurrency, postgresUrl: values.pg ?? process.env.BENCH_DATABASE_URL ?? null };
}

/** Runs `concurrency` loops of `once` for `seconds`; returns completed calls per second. */
async function ratePerSecond(seconds: number, concurrency: number, once: (worker: number, round: number) => Promise<unknown> | unknown): Promise<number> {
	const until = performance.now() + seconds * 1000;
	let done = 0;
	const startedAt = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async (_, worker) => {
			for (let round = 0; performance.now() < until; round++) {
				await once(worker, round);
				done++;
			}
		})
	);
	return done / ((performance.now() - startedAt) / 1000);
}

/**
 * A voter and idea for each call, so that a voter's casts on one idea alternate and every cast changes the counts.
 * Consecutive calls go to different ideas: on PostgreSQL the casts on one idea queue for its tally's row.
 */
function flips(voters: number, ideas: number) {
	const last = new Map<number, VoteValue>();
	return (call: number) => {
		const idea = call % ideas;
		const voter = Math.floor(call / ideas) % voters;
		const key = voter * ideas + idea;
		const value: VoteValue = last.get(key) === 1 ? -1 : 1;
		last.set(key, value);
		return { voter, idea, value };
	};
}

async function seedApp(app: App): Promise<{ voters: SignedInActor[]; ideaIds: string[] }> {
	const project = await app.services.projects.ensure({ slug: 'votes-benchmark', title: 'Votes benchmark', description: 'Votes cast by the benchmark.', status: 'open' });
	const createdAt = new Date().toISOString();
	const voters: SignedInActor[] = [];
	for (let index = 0; index < VOTERS; index++) {
		const id = `bench-voter-${index}`;
		// Straight into the store: hashing 500 passwords would only slow the set-up.
		await app.store.users.insertIfEmailFree({ id, email: `${id}@example.org`, displayName: `Voter ${index}`, passwordHash: 'not-a-hash', role: 'citizen', createdAt });
		voters.push({ kind: 'user', userId: id, displayName: `Voter ${index}`, role: 'citizen' });
	}
	const topic = (await app.services.city.get()).topics[0]!;
	const location = BRUSSELS_MUNICIPALITIES.find((municipality) => municipality.slug === 'ixelles')!.center;
	const ideaIds: string[] = [];
	for (let index = 0; index < IDEAS; index++) {
		const idea = await app.services.ideas.create(voters[0]!, {
			projectId: project.id,
			title: `Benchmark idea ${index + 1}`,
			body: 'An idea the votes benchmark casts on, to measure durable votes per second.',
			topic: topic.slug,
			location
		});
		ideaIds.push(idea.id);
	}
	return { voters, ideaIds };
}

/**
 * Votes/s through the service: sequentially, and with `concurrency` casts in flight (as a busy server has). The points
 * ledger (PT1) hears every cast on the same event loop, so it takes its share of the CPU; `ledgerLagMs` is how long
 * after the last cast it had caught up with every one.
 */
async function measureService(
	env: Record<string, string>,
	options: Options
): Promise<{ sequential: number; concurrent: number; ledgerLagMs: number }> {
	const app = await createApp(readConfig({ LOG_LEVEL: 'silent', ...env }), { limits: UNLIMITED });
	try {
		const { voters, ideaIds } = await seedApp(app);
		const next = flips(voters.length, ideaIds.length);
		let call = 0;
		const cast = () => {
			const { voter, idea, value } = next(call++);
			return app.services.votes.cast(voters[voter]!, { ideaId: ideaIds[idea]!, value });
		};
		const sequential = await ratePerSecond(options.seconds, 1, cast);
		const concurrent = await ratePerSecond(options.seconds, options.concurrency, cast);
		const lastCast = performance.now();
		await app.services.points.settled();
		const ledgerLagMs = performance.now() - lastCast;
		return { sequential, concurrent, ledgerLagMs };
	} finally {
		await app.close();
	}
}

const VOTES_TABLE = `create table votes (idea_id text not null, user_id text not null, value integer not null, updated_at text not null,
	primary key (idea_id, user_id))`;
const UPSERT = `insert into votes (idea_id, user_id, value, updated_at) values ($1, $2, $3, $4)
	on conflict (idea_id, user_id) do update set value = excluded.value, updated_at = excluded.updated_at`;

/** better-sqlite3 alone: one prepared upsert per commit, on a file with the app's pragmas. */
function measureRawSqlite(file: string, seconds: number): number {
	const db = new SQLite(file);
	applySqlitePragmas(db);
	db.exec(VOTES_TABLE);
	const upsert = db.prepare(UPSERT.replace(/\$\d/g, '?'));
	const next = flips(VOTERS, IDEAS);
	const until = performance.now() + seconds * 1000;
	const startedAt = performance.now();
	let done = 0;
	while (performance.now() < until) {
		const { voter, idea, value } = next(done);
		upsert.run(`idea-${idea}`, `voter-${voter}`, value, new Date().toISOString());
		done++;
	}
	db.close();
	return done / ((performance.now() - startedAt) / 1000);
}

/** `pg` alone: upserts, each its own transaction, from one client and from `concurrency` clients of one pool. */
async function measureRawPostgres(url: string, options: Options): Promise<{ sequential: number; concurrent: number }> {
	const pool = new pg.Pool({ connectionString: url, max: 10 });
	try {
		await pool.query('drop table if exists raw_votes_bench');
		await pool.query(VOTES_TABLE.replace('create table votes', 'create table raw_votes_bench'));
		const upsert = UPSERT.replace('into votes', 'into raw_votes_bench');
		const next = flips(VOTERS, IDEAS);
		let call = 0;
		const once = () => {
			const { voter, idea, value } = next(call++);
			return pool.query({ name: 'raw-upsert', text: upsert, values: [`idea-${idea}`, `voter-${voter}`, value, new Date().toISOString()] });
		};
		return { sequential: await ratePerSecond(options.seconds, 1, once), concurrent: await ratePerSecond(options.seconds, options.concurrency, once) };
	} finally {
		await pool.query('drop table if exists raw_votes_bench').catch(() => undefined);
		await pool.end();
	}
}

async function withScratchDatabase<T>(serverUrl: string, work: (url: string) => Promise<T>): Promise<T> {
	const name = `agora_votes_bench_${process.pid}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`drop database if exists ${name}`);
	await admin.query(`create database ${name}`);
	try {
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		return await work(url.toString());
	} finally {
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
}

function row(label: string, agora: number, raw: number): string {
	return `${label.padEnd(44)} | ${agora.toFixed(0).padStart(8)} | ${raw.toFixed(0).padStart(8)} | ${(agora / raw).toFixed(2).padStart(5)}×`;
}

async function main(): Promise<void> {
	const options = parseOptions();
	const say = (text: string) => process.stdout.write(`${text}\n`);
	say(`machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`);
	say(`${options.seconds} s per figure, ${VOTERS} voters over ${IDEAS} ideas, every cast a change; concurrent = ${options.concurrency} casts in flight`);
	const folder = await mkdtemp(join(tmpdir(), 'agora-votes-bench-'));
	const lines = [`${'votes/s acknowledged after commit'.padEnd(44)} | ${'Agora'.padStart(8)} | ${'raw'.padStart(8)} | ratio`];
	try {
		const raw = measureRawSqlite(join(folder, 'raw.sqlite'), options.seconds);
		const agora = await measureService({ DATA_DIR: join(folder, 'app') }, options);
		// The raw loop is synchronous: in-flight casts cannot make it faster, so both rows compare with the same figure.
		lines.push(row('SQLite, one cast at a time', agora.sequential, raw));
		lines.push(row(`SQLite, ${options.concurrency} casts in flight`, agora.concurrent, raw));
		say(`SQLite: the points ledger caught up ${agora.ledgerLagMs.toFixed(0)} ms after the last cast`);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
	if (options.postgresUrl) {
		await withScratchDatabase(options.postgresUrl, async (url) => {
			const raw = await measureRawPostgres(url, options);
			const agora = await measureService({ DATABASE_URL: url }, options);
			lines.push(row('PostgreSQL, one cast at a time', agora.sequential, raw.sequential));
			lines.push(row(`PostgreSQL, ${options.concurrency} casts in flight`, agora.concurrent, raw.concurrent));
			say(`PostgreSQL: the points ledger caught up ${agora.ledgerLagMs.toFixed(0)} ms after the last cast`);
		});
	} else {
		say('PostgreSQL skipped: pass --pg postgres://… or set BENCH_DATABASE_URL');
	}
	say(lines.join('\n'));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	}
);
