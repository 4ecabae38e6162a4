/**
 * The map API at city scale: 100,000 ideas spread over Brussels' districts, on SQLite (a file) and on PostgreSQL (a
 * scratch database, when TEST_DATABASE_URL is set), then `map.features` (what GET /api/ideas.geojson calls) timed at
 * city, district and street zoom, beside the reference the issue names: supercluster's getClusters on the same
 * points, in process, without storage. Each database's plan for the street-zoom box is printed.
 * Then the participation layers: `mapStats.districts` (GET /api/map/districts: its aggregate over the ideas, their
 * 200,000 votes by 5,000 voters, and what a request costs once it is cached) and `mapStats.heat` (GET /api/map/heat)
 * at the same three views, with the aggregate's plans.
 * `npm run bench:map` (BENCH_IDEAS=20000 for a quicker run). Figures go to docs/BENCHMARKS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import Supercluster from 'supercluster';
import { GUEST } from '../../src/lib/domain/actors';
import { CLUSTER_MAX_ZOOM, CLUSTER_RADIUS_PX } from '../../src/lib/domain/map';
import { databaseLocationOf, type App } from '../../src/lib/server/app';
import { openDatabase } from '../../src/lib/server/storage/db';
import type { Database } from '../../src/lib/server/storage/schema';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { seededRandom } from '../../src/lib/server/demo/seeded-random';
import { createTestApp } from '../../tests/support/app';
import { aProject } from '../../tests/support/builders';
import { signIn } from '../../tests/support/personas';
import { createScratchDatabase, TEST_DATABASE_URL } from '../../tests/support/services';

const IDEAS = Number(process.env.BENCH_IDEAS ?? 100_000);
const VOTERS = 5_000;
const VOTES = Math.round(IDEAS * 2);
const ROUNDS = 300;
const VIEWS = {
	city: { zoom: 12, width: 0.24, height: 0.16 },
	district: { zoom: 15, width: 0.03, height: 0.02 },
	street: { zoom: 18, width: 0.004, height: 0.0025 }
} as const;
const CITY_BOX = { west: 4.25, south: 50.77, east: 4.47, north: 50.91 };

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => value.toFixed(2).padStart(7);

async function generate(app: App, db: Kysely<Database>): Promise<{ projectId: string; points: { lat: number; lng: number }[] }> {
	const project = await aProject(app, { slug: 'map-bench' });
	const { actor } = await signIn(app, 'amira');
	const { topics, districts } = await app.services.city.get();
	const random = seededRandom(7);
	const points: { lat: number; lng: number }[] = [];
	const started = Date.now();
	for (let start = 0; start < IDEAS; start += 500) {
		const rows = [];
		for (let index = start; index < Math.min(IDEAS, start + 500); index += 1) {
			// Denser in the centre, as a city's ideas are: the mean of two uniform draws.
			const lat = CITY_BOX.south + ((random() + random()) / 2) * (CITY_BOX.north - CITY_BOX.south);
			const lng = CITY_BOX.west + ((random() + random()) / 2) * (CITY_BOX.east - CITY_BOX.west);
			points.push({ lat, lng });
			const time = new Date(Date.parse('2026-01-01T00:00:00Z') + index * 1000).toISOString();
			rows.push({
				id: `bench-${index}`,
				project_id: project.id,
				author_id: actor.userId,
				title: `Idea ${index}`,
				body: 'A generated idea for the map benchmark.',
				body_text: 'A generated idea for the map benchmark.',
				topic_id: topics[index % topics.length]!.id,
				district_id: districts[index % districts.length]!.id,
				lat,
				lng,
				status: 'proposed',
				upvotes: Math.floor(random() * 40),
				created_at: time,
				changed_at: time
			});
		}
		await db.insertInto('ideas').values(rows).execute();
	}
	// Voters and their votes, so the district aggregate counts distinct people over a realistic join.
	const joined = '2026-01-01T00:00:00.000Z';
	for (let start = 0; start < VOTERS; start += 500) {
		const users = Array.from({ length: Math.min(500, VOTERS - start) }, (_, offset) => ({
			id: `voter-${start + offset}`,
			email: `voter-${start + offset}@bench.example`,
			display_name: `Voter ${start + offset}`,
			password_hash: '-',
			role: 'citizen',
			created_at: joined
		}));
		await db.insertInto('users').values(users).execute();
	}
	const cast = new Set<string>();
	for (let start = 0; start < VOTES; start += 1_000) {
		const votes = [];
		for (let index = start; index < Math.min(VOTES, start + 1_000); index += 1) {
			const key = `bench-${Math.floor(random() * IDEAS)}|voter-${Math.floor(random() * VOTERS)}`;
			if (cast.has(key)) continue;
			cast.add(key);
			const [ideaId, userId] = key.split('|') as [string, string];
			votes.push({ idea_id: ideaId, user_id: userId, value: 1, updated_at: joined });
		}
		if (votes.length > 0) await db.insertInto('votes').values(votes).execute();
	}
	// A database in use has its statistics; a freshly filled one needs them before its plans mean anything.
	await sql`analyze`.execute(db);
	console.log(`  generated ${IDEAS.toLocaleString('en')} ideas in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { projectId: project.id, points };
}

function boxesFor(view: (typeof VIEWS)[keyof typeof VIEWS], random: () => number) {
	const west = CITY_BOX.west + random() * (CITY_BOX.east - CITY_BOX.west - view.width);
	const south = CITY_BOX.south + random() * (CITY_BOX.north - CITY_BOX.south - view.height);
	return { west, south, east: west + view.width, north: south + view.height };
}

async function plan(app: App, db: Kysely<Database>): Promise<string> {
	const box = { west: 4.35, south: 50.84, east: 4.354, north: 50.8425 };
	if (app.store.dialect === 'postgres') {
		const rows = await sql<{ 'QUERY PLAN': string }>`explain select id from ideas i where point(i.lng, i.lat) <@ box(point(${box.west}, ${box.south}), point(${box.east}, ${box.north}))`.execute(db);
		return rows.rows.map((row) => row['QUERY PLAN']).join(' / ');
	}
	const rows = await sql<{ detail: string }>`explain query plan select i.id from ideas i where i.id in (select idea_id from idea_points where max_lng >= ${box.west} and min_lng <= ${box.east} and max_lat >= ${box.south} and min_lat <= ${box.north}) and i.lng >= ${box.west} and i.lng <= ${box.east} and i.lat >= ${box.south} and i.lat <= ${box.north}`.execute(db);
	return rows.rows.map((row) => row.detail).join(' / ');
}

async function measure(label: string, env: Record<string, string>, cleanup: () => Promise<void>) {
	console.log(`\n${label}`);
	const app = await createTestApp(env, { limits: UNLIMITED });
	const { db } = openDatabase(databaseLocationOf(app.config));
	try {
		const { projectId, points } = await generate(app, db);
		const reference = new Supercluster({ radius: CLUSTER_RADIUS_PX, maxZoom: CLUSTER_MAX_ZOOM });
		reference.load(points.map((point) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [point.lng, point.lat] }, properties: {} })));
		const firstBuild = Date.now();
		await app.services.map.features(GUEST, { bbox: '4.25,50.77,4.47,50.91', zoom: 12, project: projectId });
		console.log(`  first answer (builds the clustered index): ${Date.now() - firstBuild} ms`);
		console.log(`  ${'view'.padEnd(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}   features   reference: supercluster in process p50 / p99`);
		for (const [name, view] of Object.entries(VIEWS)) {
			const random = seededRandom(11);
			const times: number[] = [];
			const referenceTimes: number[] = [];
			let features = 0;
			for (let round = 0; round < ROUNDS; round += 1) {
				const box = boxesFor(view, random);
				const bbox = `${box.west},${box.south},${box.east},${box.north}`;
				const started = performance.now();
				const { collection } = await app.services.map.features(GUEST, { bbox, zoom: view.zoom, project: projectId });
				times.push(performance.now() - started);
				features += collection.features.length;
				const referenceStarted = performance.now();
				reference.getClusters([box.west, box.south, box.east, box.north], view.zoom);
				referenceTimes.push(performance.now() - referenceStarted);
			}
			console.log(
				`  ${name.padEnd(9)} ${ms(percentile(times, 50))} ${ms(percentile(times, 99))}   ${String(Math.round(features / ROUNDS)).padStart(8)}   ${ms(percentile(referenceTimes, 50))} / ${ms(percentile(referenceTimes, 99))}`
			);
		}
		console.log(`  street-zoom box plan: ${await plan(app, db)}`);
		await measureLayers(app, db, projectId);
	} finally {
		await db.destroy();
		await app.close();
		await cleanup();
	}
}

/** The district aggregate's two statements (M8), as storage/map-stats.ts sends them for one project. */
async function layerPlans(app: App, db: Kysely<Database>, projectId: string): Promise<string[]> {
	const statements = [
		sql`select i.district_id, count(*), coalesce(sum(i.upvotes), 0) from ideas i where i.withdrawn_at is null and i.project_id = ${projectId} group by i.district_id`,
		sql`select district_id, count(distinct user_id) from (
			select i.district_id, i.author_id as user_id from ideas i where i.withdrawn_at is null and i.project_id = ${projectId}
			union select i.district_id, v.user_id from ideas i inner join votes v on v.idea_id = i.id where i.withdrawn_at is null and i.project_id = ${projectId}
			union select i.district_id, c.author_id as user_id from ideas i inner join comments c on c.idea_id = i.id where i.withdrawn_at is null and i.project_id = ${projectId}
		) people group by district_id`
	];
	const plans: string[] = [];
	for (const statement of statements) {
		if (app.store.dialect === 'postgres') {
			const rows = await sql<{ 'QUERY PLAN': string }>`explain ${statement}`.execute(db);
			plans.push(rows.rows.map((row) => row['QUERY PLAN'].trim()).join(' / '));
		} else {
			const rows = await sql<{ detail: string }>`explain query plan ${statement}`.execute(db);
			plans.push(rows.rows.map((row) => row.detail).join(' / '));
		}
	}
	return plans;
}

async function measureLayers(app: App, db: Kysely<Database>, projectId: string) {
	const aggregate: number[] = [];
	for (let round = 0; round < 5; round += 1) {
		const started = performance.now();
		await app.store.mapStats.districtNumbers({ project: projectId });
		aggregate.push(performance.now() - started);
	}
	console.log(`  district aggregate (a rebuild, at most once a minute while ideas change): median of 5 ${ms(percentile(aggregate, 50))} ms`);
	const served: number[] = [];
	for (let round = 0; round < ROUNDS; round += 1) {
		const started = performance.now();
		await app.services.mapStats.districts(GUEST, { locale: 'fr', project: projectId });
		served.push(performance.now() - started);
	}
	console.log(`  GET /api/map/districts (cached):  p50 ${ms(percentile(served, 50))}  p99 ${ms(percentile(served, 99))} ms`);
	const firstHeat = performance.now();
	await app.services.mapStats.heat(GUEST, { bbox: '4.25,50.77,4.47,50.91', zoom: '12', project: projectId });
	console.log(`  first heat answer (loads the support points): ${(performance.now() - firstHeat).toFixed(0)} ms`);
	for (const [name, view] of Object.entries(VIEWS)) {
		const random = seededRandom(13);
		const times: number[] = [];
		let cells = 0;
		for (let round = 0; round < ROUNDS; round += 1) {
			const box = boxesFor(view, random);
			const started = performance.now();
			const { grid } = await app.services.mapStats.heat(GUEST, { bbox: `${box.west},${box.south},${box.east},${box.north}`, zoom: String(view.zoom), project: projectId });
			times.push(performance.now() - started);
			cells += grid.cells.length;
		}
		console.log(`  GET /api/map/heat ${name.padEnd(9)} p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))} ms   ${Math.round(cells / ROUNDS)} cells`);
	}
	for (const [index, text] of (await layerPlans(app, db, projectId)).entries()) console.log(`  district aggregate plan ${index + 1}: ${text}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'agora-bench-map-'));
await measure('SQLite (file, WAL)', { DATA_DIR: dataDir }, async () => rmSync(dataDir, { recursive: true, force: true }));
if (TEST_DATABASE_URL) {
	const database = await createScratchDatabase(TEST_DATABASE_URL);
	await measure('PostgreSQL', { DATABASE_URL: database.url }, database.drop);
} else {
	console.log('\nPostgreSQL: skipped (set TEST_DATABASE_URL)');
}
