/**
 * The comment thread at scale (C6): 300,000 comments over 10,000 ideas, one of them "hot" with 20,000 (10,000
 * top-level comments, 10,000 replies), generated straight into SQLite and, with TEST_DATABASE_URL, a scratch
 * PostgreSQL database. Times `comments.thread` (the service the idea page and `comment:thread` call: one page of 20
 * top-level comments with all their replies and the viewer's upvotes), first and deep pages in both sorts, and prints
 * each statement's plan. `npx tsx bench/comments/run.ts [--runs 300]`; docs/BENCHMARKS.md keeps the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely';
import pg from 'pg';
import type { SignedInActor } from '../../src/lib/domain/actors';
import { createApp, databaseLocationOf, type App } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { commentsRepository } from '../../src/lib/server/storage/comments';
import { openDatabase } from '../../src/lib/server/storage/db';
import type { Database } from '../../src/lib/server/storage/schema';
import { aProject, anIdea } from '../../tests/support/builders';
import { signIn } from '../../tests/support/personas';

const IDEAS = 10_000;
const TOTAL_COMMENTS = 300_000;
const HOT_TOP_LEVEL = 10_000;
const HOT_REPLIES = 10_000;
const runsArgument = process.argv.indexOf('--runs');
const RUNS = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 300;
const BATCH = 500;

/** A small deterministic generator, so both dialects get the same data. */
function mulberry32(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function insertInBatches<Row>(rows: Row[], insert: (batch: Row[]) => Promise<unknown>) {
	for (let start = 0; start < rows.length; start += BATCH) await insert(rows.slice(start, start + BATCH));
}

async function generate(app: App, db: Kysely<Database>): Promise<{ hotIdea: string; typicalIdea: string; viewer: SignedInActor }> {
	const random = mulberry32(7);
	const bruno = await signIn(app, 'bruno');
	const viewer = (await signIn(app, 'amira')).actor;
	const project = await aProject(app);
	const template = await anIdea(app, bruno.actor, project.id);
	const base = await db.selectFrom('ideas').selectAll().where('id', '=', template.id).executeTakeFirstOrThrow();
	const ideaIds = [template.id, ...Array.from({ length: IDEAS - 1 }, (_, n) => `bench-idea-${n}`)];
	await insertInBatches(ideaIds.slice(1), (batch) =>
		db.insertInto('ideas').values(batch.map((id) => ({ ...base, id }))).execute()
	);
	const start = Date.UTC(2026, 0, 1);
	let clock = 0;
	const at = () => new Date(start + (clock += 1 + Math.floor(random() * 60_000))).toISOString();
	type Row = { id: string; idea_id: string; parent_id: string | null; author_id: string; body: string; created_at: string; upvotes: number };
	const comments: Row[] = [];
	const upvotes = () => Math.floor(Math.pow(random(), 3) * 60);
	const thread = (ideaId: string, topLevel: number, replies: number) => {
		const tops: string[] = [];
		for (let n = 0; n < topLevel; n += 1) {
			const id = `${ideaId}-c${n}`;
			tops.push(id);
			comments.push({ id, idea_id: ideaId, parent_id: null, author_id: bruno.actor.userId, body: `Comment ${n} on ${ideaId}`, created_at: at(), upvotes: upvotes() });
		}
		for (let n = 0; n < replies; n += 1) {
			const parent = tops[Math.floor(random() * tops.length)]!;
			comments.push({ id: `${ideaId}-r${n}`, idea_id: ideaId, parent_id: parent, author_id: bruno.actor.userId, body: `Reply ${n}`, created_at: at(), upvotes: upvotes() });
		}
	};
	thread(template.id, HOT_TOP_LEVEL, HOT_REPLIES);
	const perIdea = Math.floor((TOTAL_COMMENTS - HOT_TOP_LEVEL - HOT_REPLIES) / (IDEAS - 1));
	for (const ideaId of ideaIds.slice(1)) thread(ideaId, Math.ceil(perIdea / 2), Math.floor(perIdea / 2));
	// Parents first: replies reference their top-level comment.
	comments.sort((a, b) => Number(a.parent_id !== null) - Number(b.parent_id !== null));
	await insertInBatches(comments, (batch) => db.insertInto('comments').values(batch).execute());
	// The viewer upvoted some of the hot idea's comments, so the left join finds rows.
	const upvoted = comments.filter((comment) => comment.idea_id === template.id).filter(() => random() < 0.05);
	await insertInBatches(upvoted, (batch) =>
		db.insertInto('comment_votes').values(batch.map((comment) => ({ comment_id: comment.id, user_id: viewer.userId, created_at: comment.created_at }))).execute()
	);
	console.log(`generated ${ideaIds.length} ideas, ${comments.length} comments (${HOT_TOP_LEVEL + HOT_REPLIES} on the hot idea)`);
	return { hotIdea: template.id, typicalIdea: ideaIds[IDEAS / 2]!, viewer };
}

function percentile(sorted: number[], p: number) {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(label: string, work: () => Promise<unknown>) {
	for (let n = 0; n < 20; n += 1) await work();
	const times: number[] = [];
	for (let n = 0; n < RUNS; n += 1) {
		const started = performance.now();
		await work();
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	return { label, p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** Each statement the repository runs for one thread page, with the dialect's plan for it. */
async function plans(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', hotIdea: string, viewerId: string, cursor: { createdAt: string; id: string; upvotes: number }) {
	const nodes: RootOperationNode[] = [];
	const spy: KyselyPlugin = {
		transformQuery: ({ node }) => (nodes.push(node), node),
		transformResult: async ({ result }) => result
	};
	const repository = commentsRepository(db.withPlugin(spy), dialect);
	const [first] = await repository.topLevelPage(hotIdea, viewerId, 'newest', cursor, 21);
	await repository.topLevelPage(hotIdea, viewerId, 'upvoted', cursor, 21);
	await repository.repliesOf([first!.id], viewerId, 500);
	const names = ['top-level, newest, after a cursor', 'top-level, most upvoted, after a cursor', 'replies of a page'];
	for (const [index, node] of nodes.entries()) {
		const compiled = db.getExecutor().compileQuery(node, createQueryId());
		const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
		const { rows } = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
		console.log(`  ${names[index]}:`);
		for (const row of rows) console.log(`    ${String(row.detail ?? row['QUERY PLAN'])}`);
	}
}

async function run(label: string, env: Record<string, string>, cleanup: () => Promise<void>) {
	const app = await createApp(readConfig({ LOG_LEVEL: 'silent', ...env }), { limits: UNLIMITED });
	const { db, dialect } = openDatabase(databaseLocationOf(app.config));
	try {
		const { hotIdea, typicalIdea, viewer } = await generate(app, db);
		await db.executeQuery(CompiledQuery.raw('analyze'));
		const deep = async (sort: 'newest' | 'upvoted') => {
			let cursor: string | null = null;
			for (let page = 0; page < 50; page += 1) cursor = (await app.services.comments.thread(viewer, { ideaId: hotIdea, sort, cursor })).nextCursor;
			return cursor;
		};
		const [deepNewest, deepUpvoted] = [await deep('newest'), await deep('upvoted')];
		const results = [
			await measure('hot idea, newest, first page', () => app.services.comments.thread(viewer, { ideaId: hotIdea })),
			await measure('hot idea, newest, page 51', () => app.services.comments.thread(viewer, { ideaId: hotIdea, cursor: deepNewest })),
			await measure('hot idea, most upvoted, first page', () => app.services.comments.thread(viewer, { ideaId: hotIdea, sort: 'upvoted' })),
			await measure('hot idea, most upvoted, page 51', () => app.services.comments.thread(viewer, { ideaId: hotIdea, sort: 'upvoted', cursor: deepUpvoted })),
			await measure('typical idea (30 comments), first page', () => app.services.comments.thread(viewer, { ideaId: typicalIdea }))
		];
		console.log(`\n${label}: comments.thread, ${RUNS} runs each (ms)`);
		console.log('| query | p50 | p99 |\n|---|---:|---:|');
		for (const { label: name, p50, p99 } of results) console.log(`| ${name} | ${p50.toFixed(2)} | ${p99.toFixed(2)} |`);
		console.log(`\n${label}: plans`);
		const page = await app.services.comments.thread(viewer, { ideaId: hotIdea });
		const last = page.entries.at(-1)!;
		await plans(db, dialect, hotIdea, viewer.userId, { createdAt: last.createdAt, id: last.id, upvotes: last.upvotes });
	} finally {
		await db.destroy();
		await app.close();
		await cleanup();
	}
}

const dataDir = mkdtempSync(join(tmpdir(), 'agora-bench-comments-'));
await run('SQLite', { DATA_DIR: dataDir }, async () => rmSync(dataDir, { recursive: true, force: true }));

const postgresUrl = process.env.TEST_DATABASE_URL;
if (postgresUrl) {
	const name = `bench_comments_${Date.now()}`;
	const admin = new pg.Client({ connectionString: postgresUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(postgresUrl);
	url.pathname = `/${name}`;
	await run('PostgreSQL', { DATA_DIR: mkdtempSync(join(tmpdir(), 'agora-bench-pg-')), DATABASE_URL: url.toString() }, async () => {
		await admin.query(`drop database ${name} with (force)`);
		await admin.end();
	});
} else {
	console.log('\nPostgreSQL skipped: set TEST_DATABASE_URL to run it too.');
}
