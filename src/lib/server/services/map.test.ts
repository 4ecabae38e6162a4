import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import type { ClusterProperties, IdeaPointProperties, MapFeatureCollection } from '../../domain/map';
import type { App } from '../app';
import { UNLIMITED } from '../rate-limits';
import { IDEA_STATUSES } from '../../domain/ideas';
import { createTestApp } from '../../../../tests/support/app';
import { aProject, ideaInput, PLACES } from '../../../../tests/support/builders';
import { signIn } from '../../../../tests/support/personas';
import { REBUILD_MIN_INTERVAL_MS } from './map';

const CITY = '4.24,50.76,4.48,50.92';
const total = (collection: MapFeatureCollection) =>
	collection.features.reduce((sum, feature) => sum + (feature.properties.kind === 'cluster' ? feature.properties.count : 1), 0);
const pins = (collection: MapFeatureCollection) =>
	collection.features.filter((feature) => feature.properties.kind === 'idea').map((feature) => feature.properties as IdeaPointProperties);
const clusters = (collection: MapFeatureCollection) =>
	collection.features.filter((feature) => feature.properties.kind === 'cluster').map((feature) => feature.properties as ClusterProperties);

/** `count` ideas spread in a small square around a place (a few metres apart). */
async function ideasAround(app: App, projectId: string, place: { lat: number; lng: number }, count: number, topic = 'mobility') {
	const { actor } = await signIn(app, 'amira');
	for (let index = 0; index < count; index += 1) {
		const location = { lat: place.lat + (index % 5) * 0.0001, lng: place.lng + Math.floor(index / 5) * 0.0001 };
		await app.services.ideas.create(actor, ideaInput(projectId, { title: `Idea number ${index} near here`, location, topic }));
	}
}

describe('map', () => {
	// Steps a millisecond per reading (every change has its own time) and can be moved on by a test.
	let time = Date.parse('2026-06-01T10:00:00Z');
	const clock = { now: () => new Date(time++), advance: (milliseconds: number) => (time += milliseconds) };
	let app: App;
	beforeEach(async () => {
		app = await createTestApp({}, { clock, limits: UNLIMITED });
	});
	afterEach(() => app.close());

	it('[M1] clusters dense places at city zoom and shows every idea as its own pin at street zoom', async () => {
		const project = await aProject(app);
		await ideasAround(app, project.id, PLACES.flagey, 12);
		await ideasAround(app, project.id, PLACES.grandPlace, 8);
		const city = (await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, project: project.id })).collection;
		expect(total(city)).toBe(20);
		expect(clusters(city).map((cluster) => cluster.count).sort((a, b) => a - b)).toEqual([8, 12]);
		expect(city).toMatchObject({ type: 'FeatureCollection', zoom: 12, truncated: false, bbox: [4.24, 50.76, 4.48, 50.92] });
		expect(clusters(city)[0]!.expansionZoom).toBeGreaterThan(12);

		const street = (await app.services.map.features(GUEST, { bbox: '4.370,50.826,4.376,50.830', zoom: 18, project: project.id })).collection;
		expect(pins(street)).toHaveLength(12);
		expect(pins(street)[0]).toMatchObject({ kind: 'idea', projectId: project.id, topic: 'mobility', status: 'proposed', support: 0, approximate: false });
	});

	it('[M4] a new idea joins the count of the cluster it falls in at once, without waiting for a rebuild', async () => {
		const project = await aProject(app);
		await ideasAround(app, project.id, PLACES.flagey, 10);
		const before = await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, project: project.id });
		expect(clusters(before.collection).map((cluster) => cluster.count)).toEqual([10]);

		await ideasAround(app, project.id, { lat: PLACES.flagey.lat + 0.0006, lng: PLACES.flagey.lng }, 1);
		const after = await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, project: project.id });
		expect(clusters(after.collection).map((cluster) => cluster.count)).toEqual([11]);
		expect(after.version).not.toBe(before.version);

		// An idea far from every cluster arrives as its own pin.
		await ideasAround(app, project.id, PLACES.grandPlace, 1);
		const apart = await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, project: project.id });
		expect(total(apart.collection)).toBe(12);
		expect(pins(apart.collection)).toHaveLength(1);

		// After the rebuild interval the index is rebuilt in the background and holds them all itself.
		clock.advance(REBUILD_MIN_INTERVAL_MS);
		await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, project: project.id });
		await new Promise((resolve) => setTimeout(resolve, 50));
		const rebuilt = await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, project: project.id });
		expect(total(rebuilt.collection)).toBe(12);
		expect(rebuilt.version).not.toBe(apart.version);
	});

	it('[M3] the same question with nothing new has the same version; a vote changes it', async () => {
		const project = await aProject(app);
		await ideasAround(app, project.id, PLACES.flagey, 3);
		const query = { bbox: CITY, zoom: 13, project: project.id };
		const first = await app.services.map.features(GUEST, query);
		expect((await app.services.map.features(GUEST, query)).version).toBe(first.version);
		const { actor } = await signIn(app, 'bruno');
		const [idea] = await app.services.ideas.list(GUEST, project.id);
		await app.services.votes.cast(actor, { ideaId: idea!.id, value: 1 });
		expect((await app.services.map.features(GUEST, query)).version).not.toBe(first.version);
		const street = { bbox: '4.370,50.826,4.376,50.830', zoom: 18, project: project.id };
		const [voted] = pins((await app.services.map.features(GUEST, street)).collection).filter((pin) => pin.id === idea!.id);
		expect(voted!.support).toBe(1);
	});

	it('[M4][I9] a withdrawn idea changes the version at once and leaves the map with the next rebuild', async () => {
		const project = await aProject(app);
		await ideasAround(app, project.id, PLACES.flagey, 3);
		const query = { bbox: CITY, zoom: 12, project: project.id };
		const before = await app.services.map.features(GUEST, query);
		const [idea] = await app.services.ideas.list(GUEST, project.id);
		const { actor } = await signIn(app, 'amira');
		await app.services.ideas.withdraw(actor, { ideaId: idea!.id, reason: 'Posted twice by mistake' });
		const after = await app.services.map.features(GUEST, query);
		expect(after.version).not.toBe(before.version);
		const street = { bbox: '4.370,50.826,4.376,50.830', zoom: 18, project: project.id };
		expect(pins((await app.services.map.features(GUEST, street)).collection).map((pin) => pin.id)).not.toContain(idea!.id);
		clock.advance(REBUILD_MIN_INTERVAL_MS);
		await app.services.map.features(GUEST, query);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(total((await app.services.map.features(GUEST, query)).collection)).toBe(2);
	});

	it('[M1] keeps the list’s filters: topic, status, district, project', async () => {
		const project = await aProject(app);
		const other = await aProject(app);
		await ideasAround(app, project.id, PLACES.flagey, 4, 'mobility');
		await ideasAround(app, project.id, PLACES.flagey, 3, 'green-spaces');
		await ideasAround(app, other.id, PLACES.grandPlace, 2);
		const count = async (filters: Record<string, string>) => total((await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, ...filters })).collection);
		expect(await count({ project: project.id })).toBe(7);
		expect(await count({ project: project.id, topic: 'green-spaces' })).toBe(3);
		expect(await count({})).toBe(9);
		expect(await count({ district: 'ixelles' })).toBe(7);
		expect(await count({ status: 'accepted' })).toBe(0);
	});

	it('[M3] refuses malformed boxes, zooms and filters', async () => {
		for (const input of [
			{},
			{ bbox: CITY },
			{ bbox: '1,2,3', zoom: 10 },
			{ bbox: '4.48,50.76,4.24,50.92', zoom: 10 },
			{ bbox: '4.24,50.92,4.48,50.76', zoom: 10 },
			{ bbox: '-200,0,10,10', zoom: 10 },
			{ bbox: 'a,b,c,d', zoom: 10 },
			{ bbox: ',,,', zoom: 10 },
			{ bbox: `${'1,'.repeat(200)}1`, zoom: 10 },
			{ bbox: CITY, zoom: 21 },
			{ bbox: CITY, zoom: 1.5 },
			{ bbox: CITY, zoom: 'x' },
			{ bbox: CITY, zoom: 10, status: 'deleted' },
			{ bbox: CITY, zoom: 10, topic: '../etc' },
			{ bbox: CITY, zoom: 10, project: 'x'.repeat(100) },
			{ bbox: ['4', '50', '5', '51'], zoom: 10 }
		]) {
			await expect(app.services.map.features(GUEST, input), JSON.stringify(input).slice(0, 80)).rejects.toMatchObject({ code: 'invalid' });
		}
	});

	it('[M21] a topic or district the city does not have matches nothing; a project that does not exist is not found', async () => {
		const project = await aProject(app);
		await ideasAround(app, project.id, PLACES.flagey, 3);
		const unknownTopic = { project: project.id, topic: 'no-such-topic' };
		expect((await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, ...unknownTopic })).collection.features).toEqual([]);
		expect((await app.services.map.features(GUEST, { bbox: CITY, zoom: 12, district: 'nowhere' })).collection.features).toEqual([]);
		const districts = await app.services.mapStats.districts(GUEST, unknownTopic);
		expect(districts.collection.features.length).toBeGreaterThan(0);
		expect(districts.collection.features.every((feature) => feature.properties.ideas === 0)).toBe(true);
		expect((await app.services.mapStats.heat(GUEST, { bbox: CITY, zoom: 12, district: 'nowhere' })).grid.cells).toEqual([]);
		for (const ask of [
			() => app.services.map.features(GUEST, { bbox: CITY, zoom: 12, project: 'no-such-project' }),
			() => app.services.mapStats.districts(GUEST, { project: 'no-such-project' }),
			() => app.services.mapStats.heat(GUEST, { bbox: CITY, zoom: 12, project: 'no-such-project' })
		]) {
			await expect(ask()).rejects.toMatchObject({ code: 'not_found', key: 'project_not_found' });
		}
	});

	it('[M21][R24] a filter combination no cache holds costs a point; one held costs nothing', async () => {
		// The limits this app is opened with are the real ones, counted in memory.
		const limited = await createTestApp({}, { clock });
		try {
			const project = await aProject(limited);
			await ideasAround(limited, project.id, PLACES.flagey, 2);
			// An account's own allowance (an address has ten times as much, for a room of people behind one).
			const guest = { ...(await signIn(limited, 'bruno')).actor, address: '198.51.100.7' };
			const topics = (await limited.services.city.get()).topics.map((topic) => topic.slug);
			const combinations = topics.flatMap((topic) => IDEA_STATUSES.map((status) => ({ project: project.id, topic, status })));
			for (const filters of combinations.slice(0, 30)) await limited.services.map.features(guest, { bbox: CITY, zoom: 12, ...filters });
			// Asked again, the 24 the cache keeps (the latest) are served from it.
			for (const filters of combinations.slice(6, 30)) await limited.services.map.features(guest, { bbox: CITY, zoom: 12, ...filters });
			await expect(limited.services.map.features(guest, { bbox: CITY, zoom: 12, ...combinations[30]! })).rejects.toMatchObject({ code: 'rate_limited' });
			// Above the clustered zooms nothing is built, so nothing is counted.
			expect((await limited.services.map.features(guest, { bbox: CITY, zoom: 17, ...combinations[30]! })).collection.features).toEqual([]);
			// Another person is not held up by this one.
			await limited.services.map.features({ kind: 'guest', address: '203.0.113.9' }, { bbox: CITY, zoom: 12, ...combinations[30]! });
		} finally {
			await limited.close();
		}
	});
});
