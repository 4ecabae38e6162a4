import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapFeatureCollection } from '../../src/lib/domain/map';
import { aProject, ideaInput, PLACES } from '../support/builders';
import { signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

describe('GET /api/ideas.geojson', () => {
	let server: TestServer;
	let projectId: string;
	const CITY = '4.24,50.76,4.48,50.92';
	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, unlimited: true });
		const project = await aProject(server.app);
		projectId = project.id;
		const { actor } = await signIn(server.app, 'amira');
		await server.app.services.ideas.create(actor, ideaInput(projectId, { location: PLACES.flagey }));
	});
	afterAll(() => server.close());

	const get = (query: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/ideas.geojson?${query}`, { headers });

	it('[M1][M3] answers GeoJSON with an ETag, 304 while nothing changed, and a new version after a new idea', async () => {
		const query = `bbox=${CITY}&zoom=12&project=${projectId}`;
		const first = await get(query);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toContain('application/geo+json');
		expect(first.headers.get('cache-control')).toBe('no-cache');
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^W\/"/);
		const body = (await first.json()) as MapFeatureCollection;
		expect(body).toMatchObject({ type: 'FeatureCollection', zoom: 12, bbox: [4.24, 50.76, 4.48, 50.92] });
		expect(body.features).toHaveLength(1);

		const again = await get(query, { 'if-none-match': etag });
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');

		const { actor } = await signIn(server.app, 'bruno');
		await server.app.services.ideas.create(actor, ideaInput(projectId, { location: PLACES.grandPlace, title: 'Another idea for the map' }));
		const changed = await get(query, { 'if-none-match': etag });
		expect(changed.status).toBe(200);
		expect(((await changed.json()) as MapFeatureCollection).features).toHaveLength(2);
		expect(changed.headers.get('etag')).not.toBe(etag);
	});

	it('answers 400 in the asker’s language for malformed questions, never 500', async () => {
		for (const query of ['', 'bbox=1,2,3&zoom=3', `bbox=${CITY}&zoom=99`, `bbox=${CITY}&zoom=3&status=%00`, `bbox=${'9'.repeat(5000)}&zoom=1`, `bbox=${CITY}&zoom=3&project=${'%F0'.repeat(20)}`]) {
			const response = await get(query, { 'accept-language': 'nl' });
			expect(response.status, query.slice(0, 60)).toBe(400);
			expect(['Deze waarde is niet geldig.', 'Dat is geen geldige identificatie.']).toContain(((await response.json()) as { message: string }).message);
		}
	});
});
