import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictStatsCollection, HeatGrid } from '../../src/lib/domain/map-stats';
import { OPEN_DATA_COLUMNS } from '../../src/lib/domain/open-data';
import type { Project } from '../../src/lib/domain/projects';
import { aProject, ideaInput, PLACES } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

const CITY = '4.24,50.76,4.48,50.92';

describe('the map data and open-data routes', () => {
	let server: TestServer;
	let project: Project;
	let amira: SignedInPersona;
	let large: Project;
	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, unlimited: true });
		project = await aProject(server.app);
		amira = await signIn(server.app, 'amira');
		const idea = await server.app.services.ideas.create(amira.actor, ideaInput(project.id, { location: PLACES.flagey }));
		const bruno = await signIn(server.app, 'bruno');
		await server.app.services.votes.cast(bruno.actor, { ideaId: idea.id, value: 1 });
		// More than one page of an export (1,000), made before any request: an idle keep-alive connection would not outlive it.
		large = await aProject(server.app);
		for (let index = 0; index < 1_050; index += 1) {
			await server.app.services.ideas.create(amira.actor, ideaInput(large.id, { title: `Generated idea number ${index}` }));
		}
	}, 120_000);
	afterAll(() => server.close());

	const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

	it('[M8] /api/map/districts answers GeoJSON districts with their numbers, an ETag and 304', async () => {
		const path = `/api/map/districts?locale=fr&project=${project.id}`;
		const first = await get(path);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toContain('application/geo+json');
		const body = (await first.json()) as DistrictStatsCollection;
		expect(body.features).toHaveLength(19);
		expect(body.features.find((feature) => feature.properties.slug === 'ixelles')!.properties).toMatchObject({ name: 'Ixelles', ideas: 1, votes: 1, participants: 2 });
		const again = await get(path, { 'if-none-match': first.headers.get('etag')! });
		expect(again.status).toBe(304);
	});

	it('[M9] /api/map/heat answers support cells with an ETag and 304', async () => {
		const path = `/api/map/heat?bbox=${CITY}&zoom=12&project=${project.id}`;
		const first = await get(path);
		expect(first.status).toBe(200);
		const grid = (await first.json()) as HeatGrid;
		expect(grid).toMatchObject({ max: 1, cellDegrees: 360 / 4096 / 8 });
		expect(grid.cells).toHaveLength(1);
		expect((await get(path, { 'if-none-match': first.headers.get('etag')! })).status).toBe(304);
	});

	it('[M8][M9][M10] answer 400 for garbage and 404 for an unknown layer, never 500', async () => {
		for (const path of [
			'/api/map/districts?locale=de',
			'/api/map/districts?status=%00',
			`/api/map/districts?project=${'%F0'.repeat(20)}`,
			'/api/map/districts?topic=' + 'x'.repeat(500),
			'/api/map/heat',
			'/api/map/heat?bbox=1,2,3&zoom=3',
			`/api/map/heat?bbox=${CITY}&zoom=99`,
			`/api/map/heat?bbox=${CITY}&zoom=3&district=..%2F`,
			'/api/map/layers?locale=xx',
			'/api/map/layers/NOT_AN_ID'
		]) {
			const response = await get(path, { 'accept-language': 'nl' });
			expect(response.status, path).toBe(400);
			expect(((await response.json()) as { code?: string; message: string }).message.length).toBeGreaterThan(0);
		}
		expect((await get('/api/map/layers/no-such-layer')).status).toBe(404);
		// M21: an unknown project is not found; an unknown topic or district matches nothing.
		for (const path of ['/api/map/districts?project=no-such-project', `/api/map/heat?bbox=${CITY}&zoom=12&project=no-such-project`, `/api/ideas.geojson?bbox=${CITY}&zoom=12&project=no-such-project`]) {
			expect((await get(path)).status, path).toBe(404);
		}
		expect(((await (await get(`/api/map/heat?bbox=${CITY}&zoom=12&topic=no-such-topic`)).json()) as { cells: unknown[] }).cells).toEqual([]);
		expect(((await (await get(`/api/ideas.geojson?bbox=${CITY}&zoom=12&district=nowhere`)).json()) as { features: unknown[] }).features).toEqual([]);
	});

	it('[M10] /api/map/layers lists the demo layer in the reader’s language and serves its GeoJSON with an ETag', async () => {
		expect(await (await get('/api/map/layers?locale=nl')).json()).toEqual({
			layers: [{ id: 'planned-works', name: 'Geplande werken (demo)', attribution: "Made-up demo data, not the city's plans" }]
		});
		const layer = await get('/api/map/layers/planned-works');
		expect(layer.status).toBe(200);
		expect(layer.headers.get('content-type')).toContain('application/geo+json');
		const geojson = (await layer.json()) as { type: string; features: { properties: { demo: boolean } }[] };
		expect(geojson.type).toBe('FeatureCollection');
		expect(geojson.features.every((feature) => feature.properties.demo)).toBe(true);
		expect((await get('/api/map/layers/planned-works', { 'if-none-match': layer.headers.get('etag')! })).status).toBe(304);
	});

	it('[M11][M12] exports a project’s ideas as GeoJSON and CSV without personal data, formula cells defused', async () => {
		const exported = await aProject(server.app);
		const tricky = await server.app.services.ideas.create(
			amira.actor,
			ideaInput(exported.id, { location: PLACES.grandPlace, title: '=HYPERLINK("http://evil.example","click")', body: '@SUM(A1:A9) and, "quoted", text\nover two lines.' })
		);
		const plain = await server.app.services.ideas.create(amira.actor, ideaInput(exported.id, { title: '-1 bus lines in Ixelles' }));
		await server.app.services.ideas.create(amira.actor, ideaInput(exported.id, { title: 'An idea its author took back' })).then((gone) =>
			server.app.services.ideas.withdraw(amira.actor, { ideaId: gone.id, reason: 'Posted by mistake.' })
		);

		const geo = await get(`/open-data/projects/${exported.slug}/ideas.geojson`);
		expect(geo.status).toBe(200);
		expect(geo.headers.get('content-type')).toContain('application/geo+json');
		const text = await geo.text();
		for (const personal of [amira.actor.userId, amira.actor.displayName, 'amira@test.example']) expect(text).not.toContain(personal);
		const collection = JSON.parse(text) as { schema: string; licence: string; project: { slug: string }; features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
		expect(collection).toMatchObject({ type: 'FeatureCollection', schema: 'agora-ideas/1', licence: 'CC-BY-4.0', project: { slug: exported.slug } });
		expect(collection.features.map((feature) => feature.id).sort()).toEqual([tricky.id, plain.id].sort());
		const first = collection.features.find((feature) => feature.id === tricky.id)!;
		expect(first.geometry.coordinates).toEqual([PLACES.grandPlace.lng, PLACES.grandPlace.lat]);
		expect(Object.keys(first.properties).sort()).toEqual(OPEN_DATA_COLUMNS.filter((column) => column !== 'lng' && column !== 'lat').sort());

		const csv = await get(`/open-data/projects/${exported.slug}/ideas.csv`);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const body = await csv.text();
		for (const personal of [amira.actor.userId, amira.actor.displayName]) expect(body).not.toContain(personal);
		const lines = body.split('\r\n');
		expect(lines[0]).toBe(OPEN_DATA_COLUMNS.join(','));
		expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
		expect(body).toMatch(/,"'@SUM\(A1:A9\) and, ""quoted"", text/);
		expect(body).toContain(`,'-1 bus lines in Ixelles,`);
		expect(body).not.toContain('An idea its author took back');
		expect(body.endsWith('\r\n')).toBe(true);
	});

	it('[M11] streams every page of a large project and answers 404 for an unknown one', async () => {
		const csv = await (await get(`/open-data/projects/${large.slug}/ideas.csv`)).text();
		expect(csv.trim().split('\r\n')).toHaveLength(1_051);
		const geo = JSON.parse(await (await get(`/open-data/projects/${large.slug}/ideas.geojson`)).text()) as { features: unknown[] };
		expect(geo.features).toHaveLength(1_050);
		expect((await get('/open-data/projects/no-such-project/ideas.csv')).status).toBe(404);
		expect((await get('/open-data/projects/NOT%20A%20SLUG/ideas.geojson')).status).toBe(404);
	});
});
