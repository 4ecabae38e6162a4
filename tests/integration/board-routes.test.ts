import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardPage, SimilarIdea } from '../../src/lib/domain/board';
import type { IdeaView } from '../../src/lib/domain/ideas';
import { LIMITS } from '../../src/lib/domain/limits';
import type { Project } from '../../src/lib/domain/projects';
import { aProject, anIdea, PLACES } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

describe('board routes: GET /api/projects/:id/ideas and /similar, and the project page (production build)', () => {
	let server: TestServer;
	let project: Project;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let max: SignedInPersona;
	const posted: IdeaView[] = [];

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true });
		project = await aProject(server.app, { slug: 'board-routes' });
		[amira, bruno, max] = await Promise.all([signIn(server.app, 'amira'), signIn(server.app, 'bruno'), signIn(server.app, 'max')]);
		for (const [index, title] of ['Safer bike lanes on Rue de la Loi', 'Benches around Place Flagey', 'Bike racks near the station', 'Trees along the canal'].entries()) {
			posted.push(await anIdea(server.app, index % 2 ? bruno.actor : amira.actor, project.id, { title, topic: index === 3 ? 'green-spaces' : 'mobility', location: PLACES.flagey }));
		}
		await server.app.services.votes.cast(bruno.actor, { ideaId: posted[0]!.id, value: 1 });
	});
	afterAll(() => server.close());

	const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
	const ideas = async (query: string, cookie?: string) => {
		const response = await get(`/api/projects/${project.id}/ideas${query}`, cookie);
		expect(response.status, query).toBe(200);
		return (await response.json()) as BoardPage<IdeaView>;
	};

	it('[B3] pages with an opaque cursor until the end, the caller’s own votes included', async () => {
		const first = await ideas('?sort=newest&limit=3', bruno.cookie);
		expect(first.ideas.map((idea) => idea.id)).toEqual([posted[3]!.id, posted[2]!.id, posted[1]!.id]);
		expect(first.next).toMatch(/^[A-Za-z0-9_-]+$/);
		const second = await ideas(`?sort=newest&limit=3&cursor=${first.next}`, bruno.cookie);
		expect(second).toEqual({ ideas: [expect.objectContaining({ id: posted[0]!.id, myVote: 1, upvotes: 1 })], next: null });
	});

	it('[B5] [B7] filters and searches from the query string; `mine` is per caller, empty for a guest', async () => {
		expect((await ideas('?topic=green-spaces')).ideas.map((idea) => idea.id)).toEqual([posted[3]!.id]);
		expect((await ideas('?q=bike&sort=newest')).ideas.map((idea) => idea.id)).toEqual([posted[2]!.id, posted[0]!.id]);
		expect((await ideas('?mine=1&sort=newest', amira.cookie)).ideas.map((idea) => idea.id)).toEqual([posted[2]!.id, posted[0]!.id]);
		expect((await ideas('?mine=1')).ideas).toEqual([]);
		expect((await ideas('?mine=1', max.cookie)).ideas).toEqual([]);
		expect((await ideas('?status=done')).ideas).toEqual([]);
	});

	it('[B4] the shuffle keeps one order for one visitor (its seed cookie) and pages through it', async () => {
		const first = await get(`/api/projects/${project.id}/ideas?sort=random&limit=2`);
		const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
		expect(cookie).toMatch(/^agora_board_seed=\d+$/);
		const page = (await first.json()) as BoardPage<IdeaView>;
		const again = await ideas('?sort=random&limit=2', cookie);
		expect(again.ideas.map((idea) => idea.id)).toEqual(page.ideas.map((idea) => idea.id));
		const rest = await ideas(`?sort=random&limit=2&cursor=${page.next}`, cookie);
		expect(new Set([...page.ideas, ...rest.ideas].map((idea) => idea.id)).size).toBe(4);
	});

	it('answers garbage with 400 `invalid` (cursor, limit, project id) or ignores it (unknown sort, malformed filters)', async () => {
		for (const query of ['?cursor=garbage!', `?cursor=${'A'.repeat(5_000)}`, '?limit=0', '?limit=101', '?limit=-5', '?limit=abc', `?sort=top&cursor=${(await ideas('?sort=newest&limit=1')).next}`]) {
			const response = await get(`/api/projects/${project.id}/ideas${query}`);
			expect(response.status, query.slice(0, 60)).toBe(400);
			expect(await response.json()).toMatchObject({ code: 'invalid' });
		}
		for (const query of ['?sort=sideways', '?topic=%00%01', `?q=${'x'.repeat(10_000)}`, '?district=<script>', '?status=deleted', '?seed=99999999999', '?mine=maybe', '?q=%22)%20OR%201%3D1%20--', '?sort[]=top']) {
			const response = await get(`/api/projects/${project.id}/ideas${query}`);
			expect(response.status, query.slice(0, 60)).toBe(200);
		}
		expect((await get('/api/projects/nope/ideas')).status).toBe(404);
		expect((await get(`/api/projects/${'x'.repeat(100)}/ideas`)).status).toBe(400);
	});

	it('[B8] similar ideas: top matches with votes and the caller’s vote, for guests and citizens alike', async () => {
		const similar = async (query: string, cookie?: string) => {
			const response = await get(`/api/projects/${project.id}/similar${query}`, cookie);
			expect(response.status, query.slice(0, 60)).toBe(200);
			return ((await response.json()) as { ideas: SimilarIdea[] }).ideas;
		};
		const asBruno = await similar('?title=bike%20lane%20Loi', bruno.cookie);
		expect(asBruno[0]).toMatchObject({ id: posted[0]!.id, upvotes: 1, myVote: 1 });
		expect(asBruno.length).toBeLessThanOrEqual(5);
		expect((await similar('?title=bike%20lane%20Loi'))[0]).toMatchObject({ id: posted[0]!.id, myVote: null });
		expect(await similar('?title=ab')).toEqual([]);
		expect(await similar('')).toEqual([]);
		// Long text is cut, not refused (URLs past the server's header limit are refused by Node itself, 431).
		expect(await similar(`?title=${'bike '.repeat(400)}&body=${'x'.repeat(5_000)}`)).toEqual(expect.any(Array));
		expect((await get('/api/projects/nope/similar?title=bike')).status).toBe(404);
		expect((await get(`/api/projects/${'x'.repeat(100)}/similar?title=bike`)).status).toBe(400);
	});

	it('[R14] similar ideas are limited per account and per address', async () => {
		const [perAccount] = LIMITS['idea.similar'];
		const statuses: number[] = [];
		for (let n = 0; n <= perAccount.points; n++) statuses.push((await get(`/api/projects/${project.id}/similar?title=trees`, max.cookie)).status);
		expect(statuses.slice(0, perAccount.points).every((status) => status === 200)).toBe(true);
		const refused = await get(`/api/projects/${project.id}/similar?title=trees`, max.cookie);
		expect(refused.status).toBe(429);
		expect(await refused.json()).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
		// Another account is not held back by Max's look-ups.
		expect((await get(`/api/projects/${project.id}/similar?title=trees`, amira.cookie)).status).toBe(200);
	});

	it('[B2] the page renders one page of cards whose titles link to the idea page, with the controls as a GET form', async () => {
		const html = await (await get(`/en/projects/${project.slug}?topic=mobility&sort=newest`)).text();
		expect(html).toContain('<form method="get"');
		expect(html).toContain(`href="/en/projects/${project.slug}/ideas/${posted[2]!.id}"`);
		expect(html).not.toContain(`id="idea-${posted[3]!.id}"`);
		expect(html).toMatch(/<option value="mobility" selected/);
		const garbage = await get(`/en/projects/${project.slug}?cursor=not-a-cursor!`);
		expect(garbage.status).toBe(400);
	});
});
