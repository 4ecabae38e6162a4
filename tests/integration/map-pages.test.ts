import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdeaView } from '../../src/lib/domain/ideas';
import { aProject, ideaInput, PLACES } from '../support/builders';
import { signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

/** What the full-page maps read over HTTP: one idea for a card (with the reader's vote), and the pages' garbage. */
describe('the full-page maps over HTTP', () => {
	let server: TestServer;
	let idea: IdeaView;
	let slug: string;
	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, unlimited: true });
		const project = await aProject(server.app);
		slug = project.slug;
		const { actor } = await signIn(server.app, 'amira');
		idea = await server.app.services.ideas.create(actor, ideaInput(project.id, { location: PLACES.flagey, title: 'A card for the map' }));
	});
	afterAll(() => server.close());

	it('[M16] GET /api/ideas/<id> answers the idea as its reader sees it, with their own vote', async () => {
		const { cookie, actor } = await signIn(server.app, 'bruno');
		await server.app.services.votes.cast(actor, { ideaId: idea.id, value: 1 });
		const response = await fetch(`${server.url}/api/ideas/${idea.id}`, { headers: { cookie } });
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect((await response.json()) as IdeaView).toMatchObject({ id: idea.id, title: 'A card for the map', upvotes: 1, myVote: 1, commentCount: 0 });
		const guest = (await (await fetch(`${server.url}/api/ideas/${idea.id}`)).json()) as IdeaView;
		expect(guest.myVote).toBeNull();
	});

	it('GET /api/ideas/<id> answers 404 for an unknown idea and 400 for garbage, never 500', async () => {
		expect((await fetch(`${server.url}/api/ideas/no-such-idea`)).status).toBe(404);
		for (const id of ['%00', 'a'.repeat(65), '%F0%9F%92%A9', '..%2F..%2Fetc']) {
			expect((await fetch(`${server.url}/api/ideas/${id}`)).status, id).toBe(400);
		}
	});

	it('[M13] the map pages take any query without failing: what the controls could not send is dropped', async () => {
		for (const query of ['topic=%00&status=nope', `q=${'x'.repeat(5000)}`, 'at=99/1000/-5&colour=red', 'project=%F0%9F&district=../../x', 'cursor=%00']) {
			for (const path of [`/en/projects/${slug}/map`, '/en/map']) {
				const response = await fetch(`${server.url}${path}?${query}`);
				expect(response.status, `${path}?${query.slice(0, 40)}`).toBeLessThan(500);
			}
		}
		const page = await (await fetch(`${server.url}/en/projects/${slug}/map?topic=green-spaces`)).text();
		expect(page).toContain('A card for the map');
		expect((await fetch(`${server.url}/en/projects/no-such-project/map`)).status).toBe(404);
	});
});
