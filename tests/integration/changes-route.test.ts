import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdeaChanges, IdeaView } from '../../src/lib/domain/ideas';
import type { Project } from '../../src/lib/domain/projects';
import { aProject, anIdea } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

describe('GET /api/projects/:id/changes (production build)', () => {
	let server: TestServer;
	let project: Project;
	let bruno: SignedInPersona;
	let amira: SignedInPersona;
	let older: IdeaView;

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true });
		project = await aProject(server.app, { slug: 'changing-streets' });
		bruno = await signIn(server.app, 'bruno');
		amira = await signIn(server.app, 'amira');
		older = await anIdea(server.app, bruno.actor, project.id, { title: 'Rendered before the drop' });
	});
	afterAll(() => server.close());

	const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
	const changes = (since: string, cookie?: string) => get(`/api/projects/${project.id}/changes?since=${encodeURIComponent(since)}`, cookie);

	/** The marker the page's `load` put into the HTML it rendered for this viewer. */
	async function renderMarker(cookie?: string): Promise<string> {
		const html = await (await get(`/projects/${project.slug}`, cookie)).text();
		const marker = /since:"([^"]+)"/.exec(html)?.[1];
		if (!marker) throw new Error('the page carries no render marker');
		return marker;
	}

	it('[V5] returns what changed since the render: new ideas in full, and counts with the caller’s own vote', async () => {
		const since = await renderMarker(amira.cookie);
		expect(Date.parse(since)).toBeLessThan(Date.now());
		await server.app.services.votes.cast(amira.actor, { ideaId: older.id, value: 1 });
		const missed = await anIdea(server.app, bruno.actor, project.id, { title: 'Posted while the page was away' });

		const response = await changes(since, amira.cookie);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const body = (await response.json()) as IdeaChanges;
		expect(body.ideas.map((idea) => idea.id)).toContain(missed.id);
		expect(body.ideas.find((idea) => idea.id === missed.id)).toMatchObject({ title: missed.title, myVote: null });
		// Created within the safety margin before the render, so it comes again in full; the merge keeps one copy.
		expect(body.ideas.find((idea) => idea.id === older.id)).toMatchObject({ upvotes: 1, votesVersion: 1, myVote: 1 });
		expect(Date.parse(body.since)).toBeGreaterThanOrEqual(Date.parse(since));

		// From a marker after its creation, the older idea is only counts.
		const mine = (await (await changes(older.createdAt, amira.cookie)).json()) as IdeaChanges;
		expect(mine.ideas.map((idea) => idea.id)).toEqual([missed.id]);
		expect(mine.counts).toEqual([{ ideaId: older.id, upvotes: 1, downvotes: 0, votesVersion: 1, commentCount: 0, myVote: 1 }]);
		const asGuest = (await (await changes(older.createdAt)).json()) as IdeaChanges;
		expect(asGuest.counts).toEqual([expect.objectContaining({ ideaId: older.id, upvotes: 1, myVote: null })]);
	});

	it('answers 400 naming `since` when it is missing, not a time, far in the future or huge', async () => {
		const farFuture = new Date(Date.now() + 24 * 3_600_000).toISOString();
		for (const query of ['', '?since=', '?since=yesterday', '?since=2026-02-30T25:00:00Z', `?since=${farFuture}`, `?since=${'9'.repeat(8_000)}`, '?since[]=x']) {
			const response = await get(`/api/projects/${project.id}/changes${query}`);
			expect(response.status, query.slice(0, 40)).toBe(400);
			const body = (await response.json()) as { code: string; message: string };
			expect(body.code).toBe('invalid');
			expect(body.message).toBe('This value is not valid.');
		}
	});

	it('answers 404 for an unknown project and 400 for a malformed id', async () => {
		const since = new Date().toISOString();
		const missing = await get(`/api/projects/nope/changes?since=${since}`);
		expect(missing.status).toBe(404);
		expect(await missing.json()).toMatchObject({ code: 'not_found' });
		expect((await get(`/api/projects/${'x'.repeat(100)}/changes?since=${since}`)).status).toBe(400);
	});
});
