import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { DISTRICT_REBUILD_MIN_INTERVAL_MS } from '../../src/lib/server/services/map-stats';
import { createTestApp, manualClock } from '../support/app';
import { aProject, ideaInput, PLACES } from '../support/builders';
import { signIn, signInCitizen } from '../support/personas';
import { createScratchDatabase, TEST_DATABASE_URL } from '../support/services';

/** The map's participation layers (M8, M9), the same on SQLite and PostgreSQL. */
function mapStatsContract(label: string, environment: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
	describe(`map stats contract: ${label}`, () => {
		let app: App;
		let cleanup: () => Promise<void>;
		const clock = manualClock(new Date());
		beforeAll(async () => {
			const prepared = await environment();
			cleanup = prepared.cleanup;
			app = await createTestApp(prepared.env, { limits: UNLIMITED, clock });
		});
		afterAll(async () => {
			await app?.close();
			await cleanup?.();
		});

		const tick = () => clock.advance(10);

		it('[M8] counts ideas, up-votes and distinct participants per district under the filters', async () => {
			const project = await aProject(app);
			const amira = await signIn(app, 'amira');
			const bruno = await signIn(app, 'bruno');
			tick();
			const trees = await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.flagey }));
			tick();
			const bench = await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.flagey, title: 'A bench by the ponds', topic: 'mobility' }));
			tick();
			const square = await app.services.ideas.create(bruno.actor, ideaInput(project.id, { location: PLACES.grandPlace, title: 'Shade on the square' }));
			const gone = await app.services.ideas.create(bruno.actor, ideaInput(project.id, { location: PLACES.flagey, title: 'An idea taken back' }));
			for (let index = 0; index < 3; index += 1) {
				tick();
				await app.services.votes.cast((await signInCitizen(app, index)).actor, { ideaId: trees.id, value: 1 });
			}
			tick();
			await app.services.votes.cast((await signInCitizen(app, 0)).actor, { ideaId: bench.id, value: -1 });
			await app.services.votes.cast(amira.actor, { ideaId: square.id, value: 1 });
			tick();
			await app.services.comments.add(bruno.actor, { ideaId: bench.id, body: 'Near the tram stop, please.' });
			await app.services.votes.cast((await signInCitizen(app, 9)).actor, { ideaId: gone.id, value: 1 });
			await app.services.ideas.withdraw(bruno.actor, { ideaId: gone.id, reason: 'Posted twice by mistake.' });

			const { districts } = await app.services.city.get();
			const idOf = (slug: string) => districts.find((district) => district.slug === slug)!.id;
			const numbers = await app.store.mapStats.districtNumbers({ project: project.id });
			const bySlug = (rows: typeof numbers, slug: string) => rows.find((row) => row.districtId === idOf(slug));
			// Ixelles: amira's two ideas; three citizens' up-votes and one down-vote; amira, citizens 0–2 and bruno (a comment).
			expect(bySlug(numbers, 'ixelles')).toEqual({ districtId: idOf('ixelles'), ideas: 2, votes: 3, participants: 5 });
			expect(bySlug(numbers, 'brussels-city')).toEqual({ districtId: idOf('brussels-city'), ideas: 1, votes: 1, participants: 2 });
			expect(numbers).toHaveLength(2);

			const mobility = await app.store.mapStats.districtNumbers({ project: project.id, topic: 'mobility' });
			expect(mobility).toEqual([{ districtId: idOf('ixelles'), ideas: 1, votes: 0, participants: 3 }]);
			expect(await app.store.mapStats.districtNumbers({ project: project.id, status: 'accepted' })).toEqual([]);
		});

		it('[M8] answers every district with its name in the locale and participation per 1,000 inhabitants when known', async () => {
			const project = await aProject(app);
			const amira = await signIn(app, 'amira');
			tick();
			await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.grandPlace }));
			tick();
			const { collection } = await app.services.mapStats.districts({ kind: 'guest' }, { locale: 'nl', project: project.id });
			expect(collection.features).toHaveLength(19);
			const city = collection.features.find((feature) => feature.properties.slug === 'brussels-city')!;
			expect(city.properties).toEqual({
				slug: 'brussels-city',
				name: 'Stad Brussel',
				ideas: 1,
				votes: 0,
				participants: 1,
				population: 195546,
				perThousand: { ideas: 0.01, votes: 0 }
			});
			expect(city.geometry.type).toMatch(/Polygon/);
			const ixelles = collection.features.find((feature) => feature.properties.slug === 'ixelles')!;
			expect(ixelles.properties).toMatchObject({ name: 'Elsene', ideas: 0, population: null, perThousand: null });
			const french = await app.services.mapStats.districts({ kind: 'guest' }, { locale: 'fr', project: project.id });
			expect(french.collection.features.find((feature) => feature.properties.slug === 'ixelles')!.properties.name).toBe('Ixelles');
		});

		it('[M8][M4] district numbers follow new changes after the rebuild interval, and say so in their version', async () => {
			const project = await aProject(app);
			const amira = await signIn(app, 'amira');
			tick();
			await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.grandPlace }));
			tick();
			const before = await app.services.mapStats.districts({ kind: 'guest' }, { project: project.id });
			tick();
			await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.grandPlace, title: 'One more for the square' }));
			tick();
			clock.advance(DISTRICT_REBUILD_MIN_INTERVAL_MS);
			// The first ask after the interval starts the rebuild and still answers the older numbers.
			await app.services.mapStats.districts({ kind: 'guest' }, { project: project.id });
			await new Promise((resolve) => setTimeout(resolve, 100));
			const after = await app.services.mapStats.districts({ kind: 'guest' }, { project: project.id });
			const ideasIn = (answer: typeof before) => answer.collection.features.find((feature) => feature.properties.slug === 'brussels-city')!.properties.ideas;
			expect([ideasIn(before), ideasIn(after)]).toEqual([1, 2]);
			expect(after.version).not.toBe(before.version);
		});

		it('[M9] sums support on a grid sized for the zoom, inside the box only', async () => {
			const project = await aProject(app);
			const amira = await signIn(app, 'amira');
			tick();
			const trees = await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.flagey }));
			const near = await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: { lat: 50.8273, lng: 4.3724 }, title: 'Right next to the trees' }));
			const far = await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.grandPlace, title: 'Far from the trees' }));
			await app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.flagey, title: 'Nobody supports this yet' }));
			for (const [index, ideaId] of [trees.id, trees.id, near.id, far.id].entries()) {
				tick();
				await app.services.votes.cast((await signInCitizen(app, 20 + index)).actor, { ideaId, value: 1 });
			}
			tick();
			const city = await app.services.mapStats.heat({ kind: 'guest' }, { bbox: '4.24,50.76,4.49,50.92', zoom: '12', project: project.id });
			expect(city.grid.cellDegrees).toBeCloseTo(360 / 4096 / 8);
			expect(city.grid.cells.map(([, , weight]) => weight).sort()).toEqual([1, 3]);
			expect(city.grid.max).toBe(3);
			const [lng, lat] = city.grid.cells.find(([, , weight]) => weight === 3)!;
			expect(Math.abs(lng - PLACES.flagey.lng)).toBeLessThanOrEqual(city.grid.cellDegrees / 2);
			expect(Math.abs(lat - PLACES.flagey.lat)).toBeLessThanOrEqual(city.grid.cellDegrees / 2);

			const flagey = await app.services.mapStats.heat({ kind: 'guest' }, { bbox: '4.37,50.82,4.38,50.83', zoom: '18', project: project.id });
			expect(flagey.grid.cells.map(([, , weight]) => weight).sort()).toEqual([1, 2]);
			const ixelles = await app.services.mapStats.heat({ kind: 'guest' }, { bbox: '4.24,50.76,4.49,50.92', zoom: '12', project: project.id, district: 'brussels-city' });
			expect(ixelles.grid.cells.map(([, , weight]) => weight)).toEqual([1]);
		});
	});
}

mapStatsContract('SQLite file', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'agora-map-stats-'));
	return { env: { DATA_DIR: dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
});

if (TEST_DATABASE_URL) {
	const serverUrl = TEST_DATABASE_URL;
	mapStatsContract('PostgreSQL', async () => {
		const database = await createScratchDatabase(serverUrl);
		return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
	});
} else {
	describe.skipIf(true)('map stats contract: PostgreSQL (set TEST_DATABASE_URL to run it)', () => {});
}
