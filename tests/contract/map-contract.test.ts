import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseLocationOf, type App } from '../../src/lib/server/app';
import { openDatabase } from '../../src/lib/server/storage/db';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { createTestApp } from '../support/app';
import { aProject, ideaInput, PLACES } from '../support/builders';
import { signIn } from '../support/personas';
import { createScratchDatabase, TEST_DATABASE_URL } from '../support/services';

/** The map's spatial reads (M2), the same on SQLite's R*Tree and PostgreSQL's GiST index. */
function mapContract(label: string, environment: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
	describe(`map contract: ${label}`, () => {
		let app: App;
		let cleanup: () => Promise<void>;
		beforeAll(async () => {
			const prepared = await environment();
			cleanup = prepared.cleanup;
			app = await createTestApp(prepared.env, { limits: UNLIMITED });
		});
		afterAll(async () => {
			await app?.close();
			await cleanup?.();
		});

		it('[M2] finds exactly the ideas inside a box and follows a moved idea', async () => {
			const project = await aProject(app);
			const { actor } = await signIn(app, 'amira');
			const inside = await app.services.ideas.create(actor, ideaInput(project.id, { location: PLACES.flagey }));
			const elsewhere = await app.services.ideas.create(actor, ideaInput(project.id, { location: PLACES.grandPlace, title: 'An idea somewhere else' }));
			const box = { west: 4.37, south: 50.827, east: 4.3725, north: 50.83 };
			const found = await app.store.geoIndex.pointsInBox(box, { project: project.id }, 100);
			expect(found.map((point) => point.id)).toEqual([inside.id]);
			expect(found[0]).toMatchObject({ lat: PLACES.flagey.lat, lng: PLACES.flagey.lng, topic: 'green-spaces', upvotes: 0 });

			await moveIdea(app, elsewhere.id, { lat: 50.828, lng: 4.371 });
			const after = await app.store.geoIndex.pointsInBox(box, { project: project.id }, 100);
			expect(after.map((point) => point.id).sort()).toEqual([inside.id, elsewhere.id].sort());
			expect(await app.store.geoIndex.pointsInBox(box, { project: project.id }, 1)).toHaveLength(1);
		});

		it('[M4] tells the latest change and the ideas created after a time', async () => {
			const project = await aProject(app);
			const { actor } = await signIn(app, 'amira');
			expect(await app.store.geoIndex.lastChange(project.id)).toBeNull();
			const first = await app.services.ideas.create(actor, ideaInput(project.id));
			const marker = await app.store.geoIndex.lastChange(project.id);
			expect(marker).toBe(first.createdAt);
			const second = await app.services.ideas.create(actor, ideaInput(project.id, { title: 'A second idea for the map' }));
			expect((await app.store.geoIndex.pointsCreatedAfter({ project: project.id }, marker!)).map((point) => point.id)).toEqual([second.id]);
			expect(await app.store.geoIndex.lastChange(undefined)).toBe(second.createdAt);
		});
	});
}

/** Moves an idea's point, as an edit of its location would, through a connection of its own (no service edits locations yet). */
async function moveIdea(app: App, ideaId: string, to: { lat: number; lng: number }) {
	const { db } = openDatabase(databaseLocationOf(app.config));
	try {
		await sql`update ideas set lat = ${to.lat}, lng = ${to.lng} where id = ${ideaId}`.execute(db);
	} finally {
		await db.destroy();
	}
}

mapContract('SQLite file', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'agora-map-'));
	return { env: { DATA_DIR: dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
});

if (TEST_DATABASE_URL) {
	const serverUrl = TEST_DATABASE_URL;
	mapContract('PostgreSQL', async () => {
		const database = await createScratchDatabase(serverUrl);
		return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
	});
} else {
	describe.skipIf(true)('map contract: PostgreSQL (set TEST_DATABASE_URL to run it)', () => {});
}
