import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapChangedPayload } from '../../src/lib/domain/map-live';
import type { Project } from '../../src/lib/domain/projects';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { aProject, anIdea, PLACES } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { dropRedisPrefix, scratchRedisPrefix, TEST_REDIS_URL } from '../support/services';
import { connectClient, emitRaw, nextEvent, startTestServer, type TestServer } from '../support/server';

/** Street-zoom views (about 400 m across) of two districts 2.5 km apart. */
const FLAGEY_STREET = [4.369, 50.8255, 4.376, 50.8295] as const;
const GRAND_PLACE_STREET = [4.349, 50.8447, 4.356, 50.8487] as const;
/** The whole city. */
const CITY = [4.24, 50.76, 4.49, 50.92] as const;
const JETTE = { lat: 50.8775, lng: 4.325 };

/** Every `map:changed` a socket receives, in order. */
function record(socket: AgoraClientSocket): MapChangedPayload[] {
	const seen: MapChangedPayload[] = [];
	socket.on('map:changed', (payload) => seen.push(payload));
	return seen;
}

async function watch(socket: AgoraClientSocket, projectId: string | null, bbox: readonly number[], zoom: number) {
	return emitRaw(socket, 'map:watch', { projectId, bbox, zoom });
}

describe('live map views over Socket.io', () => {
	let server: TestServer;
	let project: Project;
	let other: Project;
	let bruno: SignedInPersona;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		server = await startTestServer({ unlimited: true });
		project = await aProject(server.app);
		other = await aProject(server.app);
		bruno = await signIn(server.app, 'bruno');
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await server.close();
	});

	async function client(cookie?: string) {
		const socket = await connectClient(server.url, cookie);
		sockets.push(socket);
		return socket;
	}

	it('[M6] a viewer of the district gets the new idea; a viewer of another district at street zoom gets nothing', async () => {
		const nearby = await client();
		const far = await client();
		expect(await watch(nearby, project.id, FLAGEY_STREET, 17)).toEqual({ ok: true, data: { tileZoom: 17, tiles: expect.any(Number) } });
		expect(await watch(far, project.id, GRAND_PLACE_STREET, 17)).toMatchObject({ ok: true });
		const farSeen = record(far);

		const arrived = nextEvent<MapChangedPayload>(nearby, 'map:changed');
		const idea = await anIdea(server.app, bruno.actor, project.id, { location: PLACES.flagey });
		expect(await arrived).toEqual({ projectId: project.id, ideaId: idea.id, change: 'created', lng: PLACES.flagey.lng, lat: PLACES.flagey.lat });

		// A later idea inside the far view: the far viewer's first message must be that one (same node, in order).
		const farArrived = nextEvent<MapChangedPayload>(far, 'map:changed');
		const there = await anIdea(server.app, bruno.actor, project.id, { location: PLACES.grandPlace });
		expect((await farArrived).ideaId).toBe(there.id);
		expect(farSeen.map((change) => change.ideaId)).toEqual([there.id]);
	});

	it('[M6] a city-wide viewer of every project gets votes, edits and withdrawals with the pin', async () => {
		const city = await client();
		expect(await watch(city, null, CITY, 11)).toMatchObject({ ok: true });
		const idea = await anIdea(server.app, bruno.actor, other.id, { location: JETTE });
		await nextEvent<MapChangedPayload>(city, 'map:changed', 5_000, (change) => change.ideaId === idea.id);

		const amira = await signIn(server.app, 'amira');
		const counted = nextEvent<MapChangedPayload>(city, 'map:changed', 5_000, (change) => change.ideaId === idea.id);
		await server.app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
		expect(await counted).toEqual({ projectId: other.id, ideaId: idea.id, change: 'counted', lng: JETTE.lng, lat: JETTE.lat });

		const edited = nextEvent<MapChangedPayload>(city, 'map:changed', 5_000, (change) => change.ideaId === idea.id && change.change === 'edited');
		await server.app.services.ideas.edit(bruno.actor, { ideaId: idea.id, title: 'Plant trees along the station', body: idea.body, topic: 'green-spaces' });
		await edited;

		const withdrawn = nextEvent<MapChangedPayload>(city, 'map:changed', 5_000, (change) => change.ideaId === idea.id && change.change === 'withdrawn');
		await server.app.services.ideas.withdraw(bruno.actor, { ideaId: idea.id, reason: 'Posted in the wrong project.' });
		expect(await withdrawn).toMatchObject({ lng: JETTE.lng, lat: JETTE.lat });
	});

	it('[M6] a watch of one project hears nothing of another; a new watch replaces the old; unwatch stops', async () => {
		const viewer = await client();
		const seen = record(viewer);
		expect(await watch(viewer, other.id, FLAGEY_STREET, 17)).toMatchObject({ ok: true });
		await anIdea(server.app, bruno.actor, project.id, { location: PLACES.flagey });
		const mine = nextEvent<MapChangedPayload>(viewer, 'map:changed');
		const sentinel = await anIdea(server.app, bruno.actor, other.id, { location: PLACES.flagey });
		expect((await mine).ideaId).toBe(sentinel.id);

		expect(await watch(viewer, other.id, GRAND_PLACE_STREET, 17)).toMatchObject({ ok: true });
		await anIdea(server.app, bruno.actor, other.id, { location: PLACES.flagey });
		const moved = nextEvent<MapChangedPayload>(viewer, 'map:changed', 5_000, (change) => change.ideaId !== sentinel.id);
		const atGrandPlace = await anIdea(server.app, bruno.actor, other.id, { location: PLACES.grandPlace });
		expect((await moved).ideaId).toBe(atGrandPlace.id);

		expect(await emitRaw(viewer, 'map:unwatch', {})).toEqual({ ok: true, data: {} });
		await anIdea(server.app, bruno.actor, other.id, { location: PLACES.grandPlace });
		// Watching again elsewhere proves, in order, that nothing came for the idea posted while unwatched.
		expect(await watch(viewer, other.id, FLAGEY_STREET, 17)).toMatchObject({ ok: true });
		const last = nextEvent<MapChangedPayload>(viewer, 'map:changed', 5_000, (change) => change.ideaId !== sentinel.id && change.ideaId !== atGrandPlace.id);
		const final = await anIdea(server.app, bruno.actor, other.id, { location: PLACES.flagey });
		expect((await last).ideaId).toBe(final.id);
		expect(seen.map((change) => change.ideaId)).toEqual([sentinel.id, atGrandPlace.id, final.id]);
	});

	it('[M6] garbage watches are refused as invalid, an unknown project as not found, and change nothing', async () => {
		const viewer = await client();
		for (const payload of [
			{ projectId: null, bbox: [4.4, 50.8, 4.3, 50.9], zoom: 12 },
			{ projectId: null, bbox: [4.3, 50.8, 4.4, 50.9], zoom: 99 },
			{ projectId: null, bbox: ['4.3', 50.8, 4.4, 50.9], zoom: 12 },
			{ projectId: null, bbox: [4.3, 50.8, 4.4, 50.9, 1], zoom: 12 },
			{ projectId: null, bbox: [Number.NaN, 50.8, 4.4, 50.9], zoom: 12 },
			{ projectId: 'x'.repeat(65), bbox: [4.3, 50.8, 4.4, 50.9], zoom: 12 },
			{ projectId: null, bbox: '4.3,50.8,4.4,50.9', zoom: 12 }
		]) {
			expect(await watch(viewer, payload.projectId, payload.bbox as number[], payload.zoom)).toMatchObject({ ok: false, error: { code: 'invalid' } });
		}
		expect(await emitRaw(viewer, 'map:unwatch', { projectId: 'p' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
		expect(await watch(viewer, 'no-such-project', CITY, 11)).toMatchObject({ ok: false, error: { code: 'not_found' } });
		expect(viewer.connected).toBe(true);
	});
});

describe('R18 on live map watches', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer();
	});
	afterAll(async () => {
		await server.close();
	});

	it('[R18] one account sets at most 120 watches a minute', async () => {
		const amira = await signIn(server.app, 'amira');
		const socket = await connectClient(server.url, amira.cookie);
		try {
			for (let index = 0; index < 120; index += 1) {
				expect(await watch(socket, null, CITY, 11)).toMatchObject({ ok: true });
			}
			expect(await watch(socket, null, CITY, 11)).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: expect.any(Number) } });
		} finally {
			socket.disconnect();
		}
	});
});

describe.skipIf(!TEST_REDIS_URL)('live map views across two nodes with Redis (set TEST_REDIS_URL)', () => {
	const prefix = scratchRedisPrefix();
	const dataDir = mkdtempSync(join(tmpdir(), 'agora-map-live-'));
	let nodeA: TestServer;
	let nodeB: TestServer;
	const sockets: AgoraClientSocket[] = [];

	beforeAll(async () => {
		const env = { REDIS_URL: TEST_REDIS_URL!, REDIS_PREFIX: prefix };
		// Both nodes on one SQLite file, as two processes of one deployment would share a database.
		nodeA = await startTestServer({ env, dataDir, unlimited: true });
		nodeB = await startTestServer({ env, dataDir, unlimited: true });
	}, 30_000);
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await nodeB?.close();
		await nodeA?.close();
		rmSync(dataDir, { recursive: true, force: true });
		await dropRedisPrefix(TEST_REDIS_URL!, prefix);
	});

	it('[M6] an idea posted on node A reaches only the views on node B that hold it', async () => {
		const project = await aProject(nodeA.app);
		const bruno = await signIn(nodeA.app, 'bruno');
		const nearbyOnB = await connectClient(nodeB.url);
		const farOnB = await connectClient(nodeB.url);
		sockets.push(nearbyOnB, farOnB);
		expect(await watch(nearbyOnB, project.id, FLAGEY_STREET, 17)).toMatchObject({ ok: true });
		expect(await watch(farOnB, project.id, GRAND_PLACE_STREET, 17)).toMatchObject({ ok: true });
		const farSeen = record(farOnB);

		const arrived = nextEvent<MapChangedPayload>(nearbyOnB, 'map:changed');
		const idea = await anIdea(nodeA.app, bruno.actor, project.id, { location: PLACES.flagey });
		expect(await arrived).toEqual({ projectId: project.id, ideaId: idea.id, change: 'created', lng: PLACES.flagey.lng, lat: PLACES.flagey.lat });

		const farArrived = nextEvent<MapChangedPayload>(farOnB, 'map:changed');
		const there = await anIdea(nodeA.app, bruno.actor, project.id, { location: PLACES.grandPlace });
		expect((await farArrived).ideaId).toBe(there.id);
		expect(farSeen.map((change) => change.ideaId)).toEqual([there.id]);
	});
});
