import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdeaView } from '../../src/lib/domain/ideas';
import type { Project } from '../../src/lib/domain/projects';
import { aProject, anIdea } from '../support/builders';
import { cookieFrom, postAction } from '../support/http';
import { PERSONA_PASSWORD, signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';

describe('HTTP: pages, form actions and the JSON API (production build)', () => {
	let server: TestServer;
	let project: Project;
	let idea: IdeaView;

	beforeAll(async () => {
		server = await startTestServer({ svelteKit: true });
		project = await aProject(server.app, { slug: 'green-streets' });
		const bruno = await signIn(server.app, 'bruno');
		idea = await anIdea(server.app, bruno.actor, project.id, { title: 'Trees on the Flagey square' });
	});
	afterAll(() => server.close());

	const page = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

	it('renders the project page with its ideas without JavaScript', async () => {
		const response = await page('/projects/green-streets');
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('Trees on the Flagey square');
		expect(html).toContain('Sign in to vote');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});

	it('answers 404 pages and JSON for unknown things, 400 for malformed ids', async () => {
		expect((await page('/projects/nope')).status).toBe(404);
		const missing = await page('/api/projects/nope/ideas');
		expect(missing.status).toBe(404);
		expect(await missing.json()).toMatchObject({ code: 'not_found', message: 'There is no such project.' });
		expect((await page(`/api/projects/${'x'.repeat(100)}/ideas`)).status).toBe(400);
	});

	it('lists ideas as JSON with the caller’s own vote', async () => {
		const amira = await signIn(server.app, 'amira');
		await server.app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
		const response = await page(`/api/projects/${project.id}/ideas`, amira.cookie);
		const { ideas } = (await response.json()) as { ideas: IdeaView[] };
		expect(ideas.find((listed) => listed.id === idea.id)).toMatchObject({ myVote: 1, upvotes: 1 });
		await server.app.services.votes.withdraw(amira.actor, { ideaId: idea.id });
	});

	it('reports health as JSON', async () => {
		const response = await page('/healthz');
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ status: 'ok', store: { ok: true } });
	});

	describe('accounts', () => {
		it('[A1][A4] signs up with a session cookie that is httpOnly and SameSite=Lax', async () => {
			const { status, result, setCookie } = await postAction(`${server.url}/signup`, {
				email: 'chloe@test.example',
				displayName: 'Chloé',
				password: 'tram lines at dawn',
				returnTo: '/projects/green-streets'
			});
			expect(status).toBe(303);
			expect(result).toMatchObject({ type: 'redirect', location: '/en/projects/green-streets' });
			expect(setCookie).toMatch(/agora_session=[A-Za-z0-9_-]{43}/);
			expect(setCookie).toMatch(/HttpOnly/i);
			expect(setCookie).toMatch(/SameSite=Lax/i);
			expect(setCookie).not.toMatch(/Secure/i);
			const home = await (await page('/', cookieFrom(setCookie))).text();
			expect(home).toContain('class="who">Chloé');
		});

		it('[A4] marks the cookie Secure behind an https proxy on the same machine, without PUBLIC_ORIGIN', async () => {
			const origin = server.url.replace('http:', 'https:');
			const { result, setCookie } = await postAction(
				`${server.url}/signup`,
				{ email: 'proxied@test.example', displayName: 'Proxied', password: 'tram lines at dawn' },
				{ origin, headers: { 'x-forwarded-proto': 'https' } }
			);
			expect(result).toMatchObject({ type: 'redirect' });
			expect(setCookie).toMatch(/;\s*Secure/i);
		});

		it('[A3] shows field errors for a weak password and a bad e-mail, keeping what was typed', async () => {
			const { status, result } = await postAction(`${server.url}/signup`, { email: 'not-an-email', displayName: 'D', password: 'short' });
			expect(status).toBe(400);
			expect(result.data).toMatchObject({
				code: 'invalid',
				email: 'not-an-email',
				fields: { email: 'Enter a valid e-mail address.', displayName: 'Use at least 2 characters.', password: 'Use at least 10 characters.' }
			});
		});

		it('[A2] refuses a taken e-mail with a message that does not confirm the account', async () => {
			await signIn(server.app, 'amira');
			const { status, result } = await postAction(`${server.url}/signup`, { email: 'amira@test.example', displayName: 'Impostor', password: 'another long passphrase' });
			expect(status).toBe(409);
			expect(JSON.stringify(result.data)).not.toContain('already exists');
		});

		it('[A2] gives the same answer to a wrong password and an unknown e-mail', async () => {
			await signIn(server.app, 'amira');
			const wrong = await postAction(`${server.url}/signin`, { email: 'amira@test.example', password: 'wrong password!' });
			const unknown = await postAction(`${server.url}/signin`, { email: 'nobody@test.example', password: 'wrong password!' });
			expect(wrong.status).toBe(401);
			expect(unknown.status).toBe(401);
			expect((wrong.result.data as { message: string }).message).toBe((unknown.result.data as { message: string }).message);
		});

		it('signs in, then signs out and the session is gone', async () => {
			await signIn(server.app, 'amira');
			const signedIn = await postAction(`${server.url}/signin`, { email: 'amira@test.example', password: PERSONA_PASSWORD });
			expect(signedIn.result).toMatchObject({ type: 'redirect', location: '/en/' });
			const cookie = cookieFrom(signedIn.setCookie);
			const signedOut = await postAction(`${server.url}/signout`, {}, { cookie });
			expect(signedOut.result).toMatchObject({ type: 'redirect', location: '/en/' });
			expect(signedOut.setCookie).toMatch(/agora_session=;/);
			expect(await (await page('/', cookie)).text()).not.toContain('class="who"');
		});

		it('signs out harmlessly with garbage fields and a forged or malformed cookie', async () => {
			for (const cookie of ['agora_session=' + 'A'.repeat(43), 'agora_session=%00%ff', 'agora_session=' + 'x'.repeat(10_000)]) {
				const { result } = await postAction(`${server.url}/signout`, { returnTo: 'https://evil.example', junk: 'x'.repeat(100_000) }, { cookie });
				expect(result).toMatchObject({ type: 'redirect', location: '/en/' });
			}
			expect((await page('/healthz')).status).toBe(200);
		});

		it('[R1] answers 429 with a clear message once an e-mail has failed too often', async () => {
			for (let attempt = 0; attempt < 10; attempt++) await postAction(`${server.url}/signin`, { email: 'target@test.example', password: 'guess number one' });
			const { status, result } = await postAction(`${server.url}/signin`, { email: 'target@test.example', password: 'guess number two' });
			expect(status).toBe(429);
			expect(result.data).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('Please try again in') });
		});

		it('never redirects to another site after sign-in', async () => {
			await signIn(server.app, 'amira');
			for (const returnTo of ['https://evil.example', '//evil.example', '/\\evil.example']) {
				const { result } = await postAction(`${server.url}/signin`, { email: 'amira@test.example', password: PERSONA_PASSWORD, returnTo });
				expect(result).toMatchObject({ type: 'redirect', location: '/en/' });
			}
		});

		// Each of these spellings normalises to, or decodes into, a path starting with `//` or `/\`.
		const OFF_SITE = ['/.//evil.example', '/projects/../..//evil.example', '/%2F%2Fevil.example', '/%5Cevil.example', '/.\t/%2F/evil.example', '/./\\evil.example'];

		it.each(['/signin', '/signup'])('%s sends a signed-in visitor home for every off-site returnTo spelling', async (path) => {
			const amira = await signIn(server.app, 'amira');
			for (const returnTo of OFF_SITE) {
				const response = await page(`${path}?returnTo=${encodeURIComponent(returnTo)}`, amira.cookie);
				expect(response.status, returnTo).toBe(303);
				expect(response.headers.get('location'), returnTo).toBe('/en/');
			}
			const kept = await page(`${path}?returnTo=${encodeURIComponent('/projects/green-streets')}`, amira.cookie);
			expect(kept.headers.get('location')).toBe('/en/projects/green-streets');
		});

		it('POST /signin never redirects to a path that normalises off-site', async () => {
			await signIn(server.app, 'amira');
			for (const returnTo of OFF_SITE) {
				const { result } = await postAction(`${server.url}/signin`, { email: 'amira@test.example', password: PERSONA_PASSWORD, returnTo });
				expect(result, returnTo).toMatchObject({ type: 'redirect', location: '/en/' });
			}
		});

		it.each([
			['missing fields', {}],
			['a 100 kB e-mail', { email: 'a'.repeat(100_000), password: 'x' }],
			['a 100 kB password', { email: 'amira@test.example', password: 'x'.repeat(100_000) }]
		])('sign-in with %s answers 400 with a clear message', async (_label, fields) => {
			const { status, result } = await postAction(`${server.url}/signin`, fields as Record<string, string>);
			expect(status).toBe(400);
			expect(result.data).toMatchObject({ code: 'invalid' });
		});

		it('sign-up with no fields at all answers 400 naming each', async () => {
			const { status, result } = await postAction(`${server.url}/signup`, {});
			expect(status).toBe(400);
			expect(Object.keys((result.data as { fields: object }).fields).sort()).toEqual(['displayName', 'email', 'password']);
		});

		it('sign-up with a 100 kB display name answers 400', async () => {
			const { status, result } = await postAction(`${server.url}/signup`, { email: 'x@test.example', displayName: 'x'.repeat(100_000), password: 'long enough passphrase' });
			expect(status).toBe(400);
			expect(result.data).toMatchObject({ fields: { displayName: 'Use at most 60 characters.' } });
		});

		it('refuses bodies over the size limit and cross-site form posts', async () => {
			const huge = await postAction(`${server.url}/signin`, { email: 'x'.repeat(1024 * 1024), password: 'x' });
			expect(huge.status).toBe(413);
			expect(huge.result).toMatchObject({ type: 'error', error: { code: 'too_large' } });
			const crossSite = await postAction(`${server.url}/signin`, { email: 'amira@test.example', password: PERSONA_PASSWORD }, { origin: 'https://evil.example' });
			expect(crossSite.status).toBe(403);
		});
	});

	describe('the no-JavaScript vote form', () => {
		it('[V2][V3] casts, switches and withdraws a vote', async () => {
			const amira = await signIn(server.app, 'amira');
			const url = `${server.url}/projects/green-streets?/vote`;
			const up = await postAction(url, { ideaId: idea.id, choice: 'up' }, { cookie: amira.cookie });
			expect(up.result).toMatchObject({ type: 'success', data: { voted: { upvotes: 1, downvotes: 0, myVote: 1 } } });
			const down = await postAction(url, { ideaId: idea.id, choice: 'down' }, { cookie: amira.cookie });
			expect(down.result).toMatchObject({ data: { voted: { upvotes: 0, downvotes: 1, myVote: -1 } } });
			const withdrawn = await postAction(url, { ideaId: idea.id, choice: 'withdraw' }, { cookie: amira.cookie });
			expect(withdrawn.result).toMatchObject({ data: { voted: { upvotes: 0, downvotes: 0, myVote: null } } });
		});

		it('re-renders the page after a plain (non-enhanced) post with the vote pressed', async () => {
			const amira = await signIn(server.app, 'amira');
			const response = await postAction(`${server.url}/projects/green-streets?/vote`, { ideaId: idea.id, choice: 'up' }, { cookie: amira.cookie, enhanced: false });
			expect(response.status).toBe(200);
			const html = await (await page('/projects/green-streets', amira.cookie)).text();
			expect(html).toMatch(/aria-pressed="true"[^>]*>[\s\S]*?Supported/);
			await server.app.services.votes.withdraw(amira.actor, { ideaId: idea.id });
		});

		it('[V4] asks guests to sign in', async () => {
			const { status, result } = await postAction(`${server.url}/projects/green-streets?/vote`, { ideaId: idea.id, choice: 'up' });
			expect(status).toBe(401);
			expect(result.data).toMatchObject({ code: 'unauthenticated', message: 'Sign in to vote.', ideaId: idea.id });
		});

		it.each([
			['no fields', {}],
			['an unknown choice', { ideaId: 'abc', choice: 'sideways' }],
			['a 100 kB idea id', { ideaId: 'x'.repeat(100_000), choice: 'up' }],
			['a malformed idea id', { ideaId: '../../etc/passwd', choice: 'down' }]
		])('answers 400 invalid for %s', async (_label, fields) => {
			const amira = await signIn(server.app, 'amira');
			const { status, result } = await postAction(`${server.url}/projects/green-streets?/vote`, fields as Record<string, string>, { cookie: amira.cookie });
			expect(status).toBe(400);
			expect(result.data).toMatchObject({ code: 'invalid' });
		});

		it('answers 404 for an idea that does not exist', async () => {
			const amira = await signIn(server.app, 'amira');
			const { status } = await postAction(`${server.url}/projects/green-streets?/vote`, { ideaId: 'missing', choice: 'up' }, { cookie: amira.cookie });
			expect(status).toBe(404);
		});
	});
	describe('the language switcher and the no-JavaScript post form, with garbage', () => {
		it('[L2] keeps a chosen language in the cookie and lands on the same page in it; garbage changes nothing', async () => {
			const chosen = await postAction(`${server.url}/en/language`, { locale: 'nl', returnTo: '/en/projects/green-streets?x=1' }, { enhanced: false });
			expect(chosen.status).toBe(303);
			expect(chosen.setCookie).toMatch(/PARAGLIDE_LOCALE=nl/);
			const garbage: Record<string, string>[] = [{}, { locale: 'de' }, { locale: 'x'.repeat(10_000), returnTo: '//evil.example' }, { locale: 'fr', returnTo: 'https://evil.example/' }];
			for (const fields of garbage) {
				const { status, setCookie } = await postAction(`${server.url}/en/language`, fields, { enhanced: false });
				expect(status, JSON.stringify(fields).slice(0, 60)).toBe(303);
				if (fields.locale !== 'fr') expect(setCookie ?? '').not.toMatch(/PARAGLIDE_LOCALE/);
			}
			const offSite = await postAction(`${server.url}/en/language`, { locale: 'fr', returnTo: '//evil.example' });
			expect(offSite.result).toMatchObject({ type: 'redirect', location: '/fr/' });
		});

		it('[I5] refuses garbage posted without JavaScript beside each field, keeps what was typed, and posts nothing', async () => {
			const amira = await signIn(server.app, 'amira');
			const before = (await server.app.services.ideas.list(amira.actor, project.id)).length;
			for (const fields of [
				{},
				{ projectId: project.id },
				{ projectId: project.id, title: '\u200b'.repeat(9), body: 'short', topic: 'astrology', district: 'atlantis', language: 'xx' },
				{ projectId: project.id, title: 'A fine title here', body: 'x'.repeat(6_000), topic: 'mobility', lat: 'NaN', lng: '4.3' },
				{ projectId: 'x'.repeat(500), title: 'A fine title here', body: 'A body that is long enough here.', topic: 'mobility', district: 'ixelles' },
				{ projectId: project.id, title: 'A fine title here', body: 'A body \u0000 with a NUL inside it.', topic: 'mobility', district: 'ixelles', idempotencyKey: 'short' }
			]) {
				const { status, result } = await postAction(`${server.url}/en/projects/green-streets?/post`, fields as Record<string, string>, { cookie: amira.cookie });
				expect(status, JSON.stringify(fields).slice(0, 80)).toBe(400);
				expect((result.data as { code: string; posting: boolean }).code).toBe('invalid');
				expect((result.data as { posting: boolean }).posting).toBe(true);
			}
			const guest = await postAction(`${server.url}/en/projects/green-streets?/post`, { projectId: project.id, title: 'A fine title here', body: 'A body that is long enough here.', topic: 'mobility', district: 'ixelles' });
			expect(guest.status).toBe(401);
			expect((await server.app.services.ideas.list(amira.actor, project.id)).length).toBe(before);
		});
	});
});
