import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../src/lib/domain/projects';
import { DEFAULT_POINT_WEIGHTS } from '../../src/lib/domain/points';
import { postAction } from '../support/http';
import { aProject, ideaInput } from '../support/builders';
import { signIn, type PersonaName, type SignedInPersona } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The rewards pages over HTTP (PT2, PT12, LB1–LB3, BG1): what each reader sees, and every form action sent garbage.
 */
describe('the rewards pages over HTTP', () => {
	let server: TestServer;
	let project: Project;
	const people = {} as Record<PersonaName, SignedInPersona>;
	type Who = 'guest' | PersonaName;
	const cookieOf = (who: Who) => (who === 'guest' ? undefined : people[who].cookie);
	const get = (path: string, who: Who = 'guest', locale = 'en') =>
		fetch(`${server.url}/${locale}${path}`, { redirect: 'manual', headers: cookieOf(who) ? { cookie: cookieOf(who)! } : {} });
	const url = (path: string) => `${server.url}/en${path}`;

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true, unlimited: true });
		for (const name of ['amira', 'bruno', 'max', 'ada'] as const) people[name] = await signIn(server.app, name);
		project = await aProject(server.app);
		await server.app.services.ideas.create(people.amira.actor, ideaInput(project.id, { title: 'Shade trees on the square' }));
		await server.app.services.points.settled();
	});
	afterAll(() => server.close());

	it('[PT2] "how points work" is published to guests in three languages, with the weights in force', async () => {
		for (const [locale, words] of [['en', 'How points work'], ['fr', 'Comment fonctionnent les points'], ['nl', 'Zo werken punten']] as const) {
			const response = await get('/points', 'guest', locale);
			expect(response.status).toBe(200);
			expect(await response.text()).toContain(words);
		}
	});

	it('[PT12] a profile shows the points, the badge and the history in words; [LB2] an opted-out one tells others only that', async () => {
		const page = await (await get(`/people/${people.amira.actor.userId}`, 'bruno')).text();
		expect(page).toContain('Amira (citizen)');
		expect(page).toContain('idea posted: “Shade trees on the square”');
		expect(page).toContain('data-testid="badge-ideas"');
		expect(page).toContain('Shade trees on the square');

		await server.app.services.points.setPreferences(people.amira.actor, { listed: false, homeDistrict: null });
		const private_ = await (await get(`/people/${people.amira.actor.userId}`, 'bruno')).text();
		expect(private_).toContain('Amira (citizen) keeps their points private.');
		expect(private_).not.toContain('idea posted:');
		const own = await (await get(`/people/${people.amira.actor.userId}`, 'amira')).text();
		expect(own).toContain('idea posted: “Shade trees on the square”');
		expect(own).toContain('You keep your points private');
		await server.app.services.points.setPreferences(people.amira.actor, { listed: true, homeDistrict: null });
	});

	it('a profile of no one is a 404, and a garbage page cursor a 400', async () => {
		expect((await get('/people/nobody-at-all')).status).toBe(404);
		expect((await get('/people/..%2F..%2Fetc')).status).toBeGreaterThanOrEqual(400);
		expect((await get(`/people/${people.amira.actor.userId}?before=yesterday`)).status).toBe(400);
	});

	describe('[LB1] the leaderboard', () => {
		it('shows every board to guests, chosen in the URL, and names link to profiles', async () => {
			const page = await (await get('/leaderboard')).text();
			expect(page).toContain(`href="/en/people/${people.amira.actor.userId}"`);
			for (const board of ['all', 'month:2026-12', `project:${project.id}`, 'district:ixelles']) {
				expect((await get(`/leaderboard?board=${encodeURIComponent(board)}`)).status).toBe(200);
			}
		});

		it('refuses a board that is not one', async () => {
			for (const board of ['everything', 'month:2026-13', 'project:../x', 'x'.repeat(5_000)]) {
				expect((await get(`/leaderboard?board=${encodeURIComponent(board)}`)).status).toBe(400);
			}
		});

		it('[LB2] an opted-out person leaves the public board at once, and still sees their own standing', async () => {
			await server.app.services.points.setPreferences(people.amira.actor, { listed: false, homeDistrict: null });
			expect(await (await get('/leaderboard', 'bruno')).text()).not.toContain(`/people/${people.amira.actor.userId}"`);
			const own = await (await get('/leaderboard', 'amira')).text();
			expect(own).toContain('You are number 1, with 5 points.');
			expect(own).toContain('you keep your points private');
			await server.app.services.points.setPreferences(people.amira.actor, { listed: true, homeDistrict: null });
		});
	});

	describe('[LB2] [BG3] reward settings', () => {
		it('a guest is sent to sign in', async () => {
			const response = await get('/settings/rewards');
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toContain('/signin?returnTo=');
		});

		it('saves an opt-out and a home district, also without scripts', async () => {
			const plain = await postAction(url('/settings/rewards'), { homeDistrict: 'ixelles' }, { cookie: people.bruno.cookie, enhanced: false });
			expect(plain.status).toBe(200);
			expect(await server.app.services.points.preferences(people.bruno.actor)).toEqual({ listed: false, homeDistrict: 'ixelles' });
			const enhanced = await postAction(url('/settings/rewards'), { listed: 'on', homeDistrict: '' }, { cookie: people.bruno.cookie });
			expect(enhanced.status).toBe(200);
			expect(await server.app.services.points.preferences(people.bruno.actor)).toEqual({ listed: true, homeDistrict: null });
		});

		it('an unknown district is refused beside its field', async () => {
			const { status, result } = await postAction(url('/settings/rewards'), { listed: 'on', homeDistrict: 'atlantis' }, { cookie: people.bruno.cookie });
			expect(status).toBe(400);
			expect(result.data).toMatchObject({ fields: { homeDistrict: 'Choose one of the city’s districts.' } });
		});

		const huge = 'x'.repeat(100_000);
		const GARBAGE: Record<string, Record<string, string>> = {
			'a listing that is not a checkbox': { listed: 'maybe' },
			'oversized fields': { listed: huge, homeDistrict: huge },
			'a district that is a path': { homeDistrict: '../../etc/passwd' },
			'control characters': { listed: 'on', homeDistrict: 'ix\u0000elles' }
		};
		for (const [kind, fields] of Object.entries(GARBAGE)) {
			it(`${kind} is refused as the person's mistake, never a crash`, async () => {
				const { status } = await postAction(url('/settings/rewards'), fields, { cookie: people.bruno.cookie });
				expect(status).toBeGreaterThanOrEqual(400);
				expect(status).toBeLessThan(500);
			});
		}

		it('a guest posting is refused', async () => {
			const { status } = await postAction(url('/settings/rewards'), { listed: 'on' });
			expect(status).toBe(401);
		});
	});

	describe('[PT2] [PT8] the admin weights', () => {
		const fields = (overrides: Record<string, string> = {}) => ({ ...Object.fromEntries(Object.entries(DEFAULT_POINT_WEIGHTS).map(([reason, points]) => [reason, String(points)])), ...overrides });

		it('opens to admins only, with the console 403 for other staff and citizens', async () => {
			expect((await get('/admin/points')).status).toBe(303);
			expect((await get('/admin/points', 'amira')).status).toBe(403);
			expect((await get('/admin/points', 'max')).status).toBe(403);
			expect((await get('/admin/points', 'ada')).status).toBe(200);
		});

		it('saves new weights, which "how points work" then publishes', async () => {
			const { status } = await postAction(url('/admin/points?/save'), fields({ comment_posted: '3' }), { cookie: people.ada.cookie });
			expect(status).toBe(200);
			expect((await server.app.services.points.weights()).comment_posted).toBe(3);
			expect(await (await get('/points')).text()).toMatch(/data-reason="comment_posted">[^]*?<td class="figure[^"]*">3<\/td>/);
			await postAction(url('/admin/points?/save'), fields(), { cookie: people.ada.cookie });
		});

		it('refuses a table that puts volume first, saying why', async () => {
			const { status, result } = await postAction(url('/admin/points?/save'), fields({ idea_posted: '60' }), { cookie: people.ada.cookie });
			expect(status).toBe(400);
			expect(result.data).toMatchObject({ message: expect.stringContaining('must earn more points than posting') });
		});

		it('a moderator posting is refused', async () => {
			const { status } = await postAction(url('/admin/points?/save'), fields(), { cookie: people.max.cookie });
			expect(status).toBe(403);
		});

		const huge = 'x'.repeat(100_000);
		const GARBAGE: Record<string, Record<string, string>> = {
			'no fields at all': {},
			'oversized fields': fields({ idea_posted: huge, vote_received: huge }),
			'wrong types': fields({ idea_posted: '1e9', comment_posted: '-1', vote_received: '2.5', answer_received: 'null', idea_accepted: '[]' }),
			'control characters': fields({ idea_posted: '5\u0000' })
		};
		for (const [kind, input] of Object.entries(GARBAGE)) {
			it(`${kind} is refused as the person's mistake, never a crash`, async () => {
				const { status } = await postAction(url('/admin/points?/save'), input, { cookie: people.ada.cookie });
				expect(status).toBeGreaterThanOrEqual(400);
				expect(status).toBeLessThan(500);
			});
		}
	});
});
