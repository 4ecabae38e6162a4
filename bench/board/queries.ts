/**
 * `npm run bench:board`: the board's read queries at scale. Generates 100,000 ideas, 1,000,000 votes and 300,000
 * comments in one project, on SQLite (a temporary file) and on PostgreSQL (a scratch database on BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/postgres), then times every list query (each sort, alone and with each
 * filter, first page and a later page), search, similar ideas, the idea page (findView), the comment thread
 * (listByIdea) and the map's pins, each with the plan the database chose (EXPLAIN), so a missing index shows.
 *
 * Queries go through the real repositories (storage/ideas.ts, storage/comments.ts) on a Kysely instance whose log
 * keeps the SQL of each call, which is what EXPLAIN is asked about.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { BOARD_SORTS, RANDOM_KEY_SPACE, searchTerms, SIMILAR_CANDIDATES, similarStems, type BoardCursor, type BoardSort } from '../../src/lib/domain/board';
import { createApp } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { commentsRepository } from '../../src/lib/server/storage/comments';
import { applySqlitePragmas } from '../../src/lib/server/storage/db';
import { ideasRepository, type BrowseRecordQuery } from '../../src/lib/server/storage/ideas';
import type { Database, Dialect } from '../../src/lib/server/storage/schema';
import { createScratchDatabase } from '../../tests/support/services';
import { generateBoard, type Generated } from './generate';

const USAGE = 'usage: tsx bench/board/queries.ts [--ideas 100000] [--votes 1000000] [--comments 300000] [--runs 200] [--dialects sqlite,postgres]';

function say(text: string): void {
	process.stdout.write(`${text}\n`);
}

function options() {
	const { values } = parseArgs({
		args: process.argv.slice(2),
		strict: true,
		options: {
			ideas: { type: 'string', default: '100000' },
			votes: { type: 'string', default: '1000000' },
			comments: { type: 'string', default: '300000' },
			runs: { type: 'string', default: '200' },
			dialects: { type: 'string', default: 'sqlite,postgres' }
		}
	});
	const numbers = { ideas: Number(values.ideas), votes: Number(values.votes), comments: Number(values.comments), runs: Number(values.runs) };
	const dialects = values.dialects.split(',').map((part) => part.trim()) as Dialect[];
	if (Object.values(numbers).some((value) => !Number.isInteger(value) || value < 1) || dialects.some((dialect) => dialect !== 'sqlite' && dialect !== 'postgres')) {
		throw new Error(USAGE);
	}
	return { ...numbers, dialects };
}

interface Measured {
	readonly name: string;
	readonly group: 'list' | 'search' | 'similar' | 'page';
	readonly p50: number;
	readonly p99: number;
	readonly plan: string;
}

function percentile(sorted: readonly number[], fraction: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** A database opened for the bench: Kysely with a log of the SQL each call ran, and EXPLAIN on the same connection. */
interface BenchDatabase {
	readonly db: Kysely<Database>;
	readonly dialect: Dialect;
	readonly ran: CompiledQuery[];
	explain(query: CompiledQuery): Promise<string>;
	close(): Promise<void>;
}

function openBenchDatabase(location: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string }): BenchDatabase {
	const ran: CompiledQuery[] = [];
	const log = (event: { level: string; query: CompiledQuery }) => {
		if (event.level === 'query') ran.push(event.query);
	};
	if (location.dialect === 'sqlite') {
		const sqlite = new SQLite(location.file);
		applySqlitePragmas(sqlite);
		const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log });
		return {
			db,
			dialect: 'sqlite',
			ran,
			async explain(query) {
				const rows = sqlite.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[];
				return rows.map((row) => row.detail).join('; ');
			},
			close: () => db.destroy()
		};
	}
	const pool = new pg.Pool({ connectionString: location.url, max: 2 });
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
	return {
		db,
		dialect: 'postgres',
		ran,
		async explain(query) {
			const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${query.sql}`, query.parameters as unknown[]);
			return rows.map((row) => row['QUERY PLAN'].trim().replace(/^->\s*/, '')).join('; ');
		},
		close: () => db.destroy()
	};
}

/** Times `work` `runs` times (after a warm-up) and explains the statements its first run sent. */
async function measure(bench: BenchDatabase, name: string, group: Measured['group'], runs: number, work: (run: number) => Promise<unknown>): Promise<Measured> {
	for (let run = 0; run < Math.min(10, runs); run++) await work(run);
	bench.ran.length = 0;
	await work(0);
	const statements = [...bench.ran];
	const plan = (await Promise.all(statements.map((statement) => bench.explain(statement)))).join(' ‖ ');
	const times: number[] = [];
	for (let run = 0; run < runs; run++) {
		const start = performance.now();
		await work(run);
		times.push(performance.now() - start);
	}
	bench.ran.length = 0;
	times.sort((a, b) => a - b);
	return { name, group, p50: percentile(times, 0.5), p99: percentile(times, 0.99), plan };
}

async function runQueries(bench: BenchDatabase, data: Generated, runs: number): Promise<Measured[]> {
	const ideas = ideasRepository(bench.db, bench.dialect);
	const comments = commentsRepository(bench.db, bench.dialect);
	const { projectId } = data;
	const pick = <T>(list: readonly T[], run: number) => list[run % list.length]!;
	const viewer = (run: number) => pick(data.userIds, run * 7919);
	const results: Measured[] = [];
	const base = (run: number): BrowseRecordQuery => ({ projectId, viewerId: viewer(run), sort: 'trending', terms: [], seed: (run * 104_729) % RANDOM_KEY_SPACE, limit: 21 });

	// Cursors ten pages deep, per sort, collected by paging: what "load more" sends.
	const deepCursor = async (sort: BoardSort): Promise<BoardCursor> => {
		let after: BoardCursor | undefined;
		for (let page = 0; page < 10; page++) {
			const rows = await ideas.browse({ ...base(0), sort, limit: 20, after });
			const last = rows.at(-1)!;
			after = { sort, key: last.sortKey, id: last.id, ...(sort === 'random' ? { wrapped: Number(last.sortKey) < base(0).seed } : {}) };
		}
		return after!;
	};

	const filters: { label: string; of: (run: number) => Partial<BrowseRecordQuery> }[] = [
		{ label: '', of: () => ({}) },
		{ label: 'topic', of: (run) => ({ topicId: pick(data.topicIds, run) }) },
		{ label: 'district', of: (run) => ({ districtId: pick(data.districtIds, run) }) },
		{ label: 'status', of: (run) => ({ status: pick(['under_review', 'accepted', 'done', 'proposed'], run) }) },
		{ label: 'mine', of: (run) => ({ authorId: viewer(run) }) },
		{ label: 'topic+district', of: (run) => ({ topicId: pick(data.topicIds, run), districtId: pick(data.districtIds, run * 3) }) }
	];
	for (const sort of BOARD_SORTS) {
		for (const filter of filters) {
			const name = `list ${sort}${filter.label ? ` · ${filter.label}` : ''}`;
			results.push(await measure(bench, name, 'list', runs, (run) => ideas.browse({ ...base(run), sort, ...filter.of(run) })));
		}
		const after = await deepCursor(sort);
		results.push(await measure(bench, `list ${sort} · page 11`, 'list', runs, (run) => ideas.browse({ ...base(run), sort, after: { ...after }, seed: base(0).seed })));
	}
	const searches = data.searchWords.map((word) => searchTerms(word, 8));
	results.push(await measure(bench, 'search 1 word · trending', 'search', runs, (run) => ideas.browse({ ...base(run), terms: pick(searches, run) })));
	results.push(await measure(bench, 'search 1 word · newest', 'search', runs, (run) => ideas.browse({ ...base(run), sort: 'newest', terms: pick(searches, run) })));
	const pairs = data.searchPairs.map((words) => searchTerms(words, 8));
	results.push(await measure(bench, 'search 2 words · top', 'search', runs, (run) => ideas.browse({ ...base(run), sort: 'top', terms: pick(pairs, run) })));
	// Two common words of two languages, which no generated idea holds together: a planner that takes words as
	// independent expects hundreds of matches and walks the whole sort index to find none.
	const apart = data.searchWords.map((word, index) => searchTerms(`${word} ${data.searchWords[(index + data.searchWords.length / 3) % data.searchWords.length]}`, 8));
	results.push(await measure(bench, 'search 2 words never together · top', 'search', runs, (run) => ideas.browse({ ...base(run), sort: 'top', terms: pick(apart, run) })));
	results.push(
		await measure(bench, 'search 1 word · topic · discussed', 'search', runs, (run) => ideas.browse({ ...base(run), sort: 'discussed', topicId: pick(data.topicIds, run), terms: pick(searches, run) }))
	);
	// What ideas.similar asks the repository for (B8): the stems of a typed title, and of a title with its body.
	const typed = data.similarTitles.map((title) => similarStems(title, ''));
	results.push(await measure(bench, 'similar ideas (title)', 'similar', runs, (run) => ideas.similar(projectId, viewer(run), pick(typed, run).titleStems, [], SIMILAR_CANDIDATES)));
	const withBodies = data.similarTitles.map((title, index) => similarStems(title, data.similarBodies[index % data.similarBodies.length]!));
	results.push(
		await measure(bench, 'similar ideas (title + body)', 'similar', runs, (run) => ideas.similar(projectId, viewer(run), pick(withBodies, run).titleStems, pick(withBodies, run).bodyStems, SIMILAR_CANDIDATES))
	);
	results.push(await measure(bench, 'idea page (findView)', 'page', runs, (run) => ideas.findView(pick(data.ideaIds, run * 31), viewer(run))));
	results.push(await measure(bench, 'comment thread (listByIdea, 200)', 'page', runs, (run) => comments.listByIdea(pick(data.busyIdeaIds, run), 200)));
	results.push(await measure(bench, 'map pins (20,001 newest)', 'page', Math.max(5, Math.floor(runs / 20)), () => ideas.pins(projectId, 20_001)));
	return results;
}

async function benchDialect(dialect: Dialect, numbers: { ideas: number; votes: number; comments: number; runs: number }) {
	let location: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
	let cleanup: () => Promise<void>;
	if (dialect === 'sqlite') {
		const folder = mkdtempSync(join(tmpdir(), 'agora-bench-board-'));
		location = { dialect: 'sqlite', file: join(folder, 'agora.sqlite') };
		cleanup = async () => rmSync(folder, { recursive: true, force: true });
	} else {
		const scratch = await createScratchDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
		location = { dialect: 'postgres', url: scratch.url };
		cleanup = scratch.drop;
	}
	try {
		// The app migrates the schema and seeds the city (districts, topics), exactly as it does at start.
		const env = location.dialect === 'sqlite' ? { DATA_DIR: join(location.file, '..') } : { DATABASE_URL: location.url };
		const app = await createApp(readConfig({ ...env, LOG_LEVEL: 'silent' }));
		const project = await app.services.projects.ensure({ slug: 'bench-board', title: 'Bench board', description: 'Generated for bench/board.', status: 'open' });
		const city = await app.services.city.get();
		await app.close();
		const bench = openBenchDatabase(location);
		try {
			const started = performance.now();
			const data = await generateBoard(bench.db, dialect, {
				projectId: project.id,
				topicIds: city.topics.map((topic) => topic.id),
				districtIds: city.districts.map((district) => district.id),
				...numbers
			});
			const seconds = (performance.now() - started) / 1000;
			say(`${dialect}: generated ${numbers.ideas} ideas, ${numbers.votes} votes, ${numbers.comments} comments in ${seconds.toFixed(0)} s`);
			return { generatedSeconds: seconds, results: await runQueries(bench, data, numbers.runs) };
		} finally {
			await bench.close();
		}
	} finally {
		await cleanup();
	}
}

const GOALS: Record<Measured['group'], number | null> = { list: 20, search: 20, similar: 50, page: null };

async function main(): Promise<void> {
	const numbers = options();
	say(`bench/board on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; ${numbers.runs} runs per query`);
	const byDialect = new Map<Dialect, Awaited<ReturnType<typeof benchDialect>>>();
	for (const dialect of numbers.dialects) byDialect.set(dialect, await benchDialect(dialect, numbers));
	const names = [...byDialect.values()][0]!.results.map((result) => result.name);
	const header = `| query | goal p99 | ${numbers.dialects.map((dialect) => `${dialect} p50 | ${dialect} p99`).join(' | ')} |`;
	say('');
	say(header);
	say(`|---|---|${numbers.dialects.map(() => '---:|---:').join('|')}|`);
	for (const name of names) {
		const cells = numbers.dialects.map((dialect) => {
			const result = byDialect.get(dialect)!.results.find((candidate) => candidate.name === name)!;
			const goal = GOALS[result.group];
			const mark = goal !== null && result.p99 > goal ? ' ✗' : '';
			return `${result.p50.toFixed(2)} ms | ${result.p99.toFixed(2)} ms${mark}`;
		});
		const group = byDialect.get(numbers.dialects[0]!)!.results.find((candidate) => candidate.name === name)!.group;
		say(`| ${name} | ${GOALS[group] === null ? '—' : `${GOALS[group]} ms`} | ${cells.join(' | ')} |`);
	}
	for (const dialect of numbers.dialects) {
		say('');
		say(`Plans (${dialect}):`);
		for (const result of byDialect.get(dialect)!.results) say(`- ${result.name}: ${result.plan}`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
