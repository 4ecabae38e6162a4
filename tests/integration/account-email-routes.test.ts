import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../support/app';
import { aProject, anIdea } from '../support/builders';
import { postAction } from '../support/http';
import { lastMailTo, linkIn, mailsTo, signUpUnverified } from '../support/mail';
import { PERSONA_PASSWORD, signIn, type SignedInPersona } from '../support/personas';
import { connectClient, emitRaw, startTestServer, type TestServer } from '../support/server';

const NEW_PASSWORD = 'lantern-harbour-quietly';
type Who = 'guest' | 'unverified' | 'citizen' | 'moderator' | 'admin';
const EVERYONE: readonly Who[] = ['guest', 'unverified', 'citizen', 'moderator', 'admin'];

/** E1–E11 over real HTTP: the verification and reset pages' form actions, for each kind of visitor. */
describe('account e-mail routes', () => {
	let server: TestServer;
	const clock = manualClock(new Date());
	const people = {} as Record<Exclude<Who, 'guest' | 'unverified'>, SignedInPersona>;

	beforeAll(async () => {
		// The limits have their own tests (services/account-email.test.ts); here one address asks for everything.
		server = await startTestServer({ svelteKit: true, unlimited: true, clock });
		people.citizen = await signIn(server.app, 'amira');
		people.moderator = await signIn(server.app, 'max');
		people.admin = await signIn(server.app, 'ada');
	});
	afterAll(() => server.close());

	/** A cookie for `who`; an unverified citizen is a fresh sign-up each time. */
	async function cookieOf(who: Who): Promise<string | undefined> {
		if (who === 'guest') return undefined;
		if (who === 'unverified') return (await signUpUnverified(server.app)).cookie;
		return people[who].cookie;
	}
	const post = async (path: string, fields: Record<string, string>, who: Who | { cookie: string }) =>
		postAction(`${server.url}${path}`, fields, typeof who === 'object' ? { cookie: who.cookie } : { ...((await cookieOf(who)) ? { cookie: (await cookieOf(who))! } : {}) });

	async function verifyLinkOfNewcomer() {
		const newcomer = await signUpUnverified(server.app);
		return { newcomer, link: linkIn(await lastMailTo(server.app, newcomer.email, 'verify'), 'verify') };
	}
	async function resetLinkOf(email: string) {
		await server.app.services.accountEmail.requestPasswordReset({ email });
		return linkIn(await lastMailTo(server.app, email, 'reset'), 'reset');
	}

	describe('[E5] resend the verification link', () => {
		it.each([
			['guest', 401, 'unauthenticated'],
			['unverified', 200, null],
			['citizen', 409, 'conflict'],
			['moderator', 409, 'conflict'],
			['admin', 409, 'conflict']
		] as const)('%s → %i', async (who, status, code) => {
			const { status: got, result } = await post('/en/verify?/resend', {}, who);
			expect(got).toBe(status);
			if (code) expect(result.data).toMatchObject({ code });
			else expect(result).toMatchObject({ type: 'success', data: { resent: true } });
		});

		it('sends a second e-mail whose link replaces the first', async () => {
			const newcomer = await signUpUnverified(server.app);
			const first = linkIn(await lastMailTo(server.app, newcomer.email, 'verify'), 'verify');
			expect((await post('/en/verify?/resend', {}, newcomer)).result.type).toBe('success');
			const mails = await mailsTo(server.app, newcomer.email);
			expect(mails.map((mail) => mail.kind)).toEqual(['verify', 'verify']);
			expect((await post(`/en/verify/${first.token}`, {}, 'guest')).result.data).toMatchObject({ code: 'conflict', message: 'This confirmation link was already used. Each link works once.' });
		});
	});

	describe('[E4] confirm an address: the link is the proof, whoever opens it', () => {
		it.each(EVERYONE)('%s confirms a newcomer’s address with the newcomer’s link', async (who) => {
			const { newcomer, link } = await verifyLinkOfNewcomer();
			const { status, result } = await post(`/en/verify/${link.token}`, {}, who);
			expect(status).toBe(200);
			expect(result).toMatchObject({ type: 'success', data: { confirmed: true, email: newcomer.email } });
			expect(await server.app.services.accountEmail.emailStatus(newcomer.actor)).toEqual({ email: newcomer.email, verified: true });
		});

		it('the link page itself confirms nothing (a mail scanner following it uses nothing up)', async () => {
			const { newcomer, link } = await verifyLinkOfNewcomer();
			const page = await fetch(link.url.replace(/^https?:\/\/[^/]+/, server.url));
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('Confirm my address');
			expect(await server.app.services.accountEmail.emailStatus(newcomer.actor)).toMatchObject({ verified: false });
		});
	});

	describe('[E8] forgot password: the same answer for every address', () => {
		it.each(EVERYONE)('%s asks for a known and an unknown address and gets the same answer', async (who) => {
			const known = await post('/en/signin/forgot', { email: 'bruno@test.example' }, who);
			const unknown = await post('/en/signin/forgot', { email: `nobody-${who}@test.example` }, who);
			expect(known.status).toBe(200);
			expect(unknown.status).toBe(200);
			expect(known.result).toMatchObject({ type: 'success', data: { sent: true, email: 'bruno@test.example' } });
			expect(unknown.result).toEqual({ ...known.result, data: { sent: true, email: `nobody-${who}@test.example` } });
			expect(await mailsTo(server.app, `nobody-${who}@test.example`)).toEqual([]);
		});

		it('a known address gets the link, in its language', async () => {
			const newcomer = await signUpUnverified(server.app, { locale: 'nl' });
			await post('/fr/signin/forgot', { email: newcomer.email }, 'guest');
			const mail = await lastMailTo(server.app, newcomer.email, 'reset');
			expect(mail.locale).toBe('nl');
			expect(linkIn(mail, 'reset').url).toContain('/nl/reset/');
		});
	});

	describe('[E10] [E11] reset the password', () => {
		it.each(EVERYONE)('%s with a valid link sets the password and is sent to sign in; the account’s sessions end', async (who) => {
			const owner = await signUpUnverified(server.app);
			const link = await resetLinkOf(owner.email);
			const { result } = await post(`/en/reset/${link.token}`, { password: NEW_PASSWORD }, who);
			expect(result).toMatchObject({ type: 'redirect', location: '/en/signin?reset=done' });
			expect((await server.app.services.accounts.actorForSession(owner.token)).kind).toBe('guest');
			expect((await server.app.services.accounts.signIn({ email: owner.email, password: NEW_PASSWORD })).account.id).toBe(owner.actor.userId);
		});

		it('the account’s own signed-in session stays; the other ones end', async () => {
			const owner = await signUpUnverified(server.app);
			const elsewhere = await server.app.services.accounts.signIn({ email: owner.email, password: PERSONA_PASSWORD });
			const link = await resetLinkOf(owner.email);
			const { result } = await post(`/en/reset/${link.token}`, { password: NEW_PASSWORD }, owner);
			expect(result).toMatchObject({ type: 'redirect', location: expect.stringMatching(/^\/en\/?$/) });
			expect((await server.app.services.accounts.actorForSession(owner.token)).kind).toBe('user');
			expect((await server.app.services.accounts.actorForSession(elsewhere.sessionToken)).kind).toBe('guest');
		});

		it('[E11] the live connections of the ended sessions are closed, the changing session’s stay', async () => {
			const owner = await signUpUnverified(server.app);
			const elsewhere = await server.app.services.accounts.signIn({ email: owner.email, password: PERSONA_PASSWORD });
			const mine = await connectClient(server.url, owner.cookie);
			const other = await connectClient(server.url, `agora_session=${elsewhere.sessionToken}`);
			try {
				const dropped = new Promise<string>((resolve) => other.once('disconnect', (reason) => resolve(reason)));
				const link = await resetLinkOf(owner.email);
				expect((await post(`/en/reset/${link.token}`, { password: NEW_PASSWORD }, owner)).result.type).toBe('redirect');
				expect(await dropped).toBe('io server disconnect');
				await new Promise((resolve) => setTimeout(resolve, 200));
				expect(mine.connected).toBe(true);
			} finally {
				mine.disconnect();
				other.disconnect();
			}
		});

		it('keeps the sign-up password rules, beside the field', async () => {
			const link = await resetLinkOf('bruno@test.example').catch(async () => {
				await signIn(server.app, 'bruno');
				return resetLinkOf('bruno@test.example');
			});
			const { status, result } = await post(`/en/reset/${link.token}`, { password: 'password1234' }, 'guest');
			expect(status).toBe(400);
			expect(result.data).toMatchObject({ code: 'invalid', fields: { password: expect.any(String) } });
		});
	});

	describe('[E6] the vote gate over HTTP', () => {
		it.each([
			[true, 'unverified', 403],
			[true, 'verified', 200],
			[false, 'unverified', 200],
			[false, 'verified', 200]
		] as const)('setting %s, %s voter → %i', async (needed, state, status) => {
			const author = await signIn(server.app, 'bruno');
			const project = await aProject(server.app, { votingNeedsVerifiedEmail: needed });
			const idea = await anIdea(server.app, author.actor, project.id);
			const voter = await signUpUnverified(server.app);
			if (state === 'verified') await server.app.services.accountEmail.verify(linkIn(await lastMailTo(server.app, voter.email, 'verify'), 'verify').token);
			const { status: got, result } = await post(`/en/projects/${project.slug}/ideas/${idea.id}?/vote`, { choice: 'up' }, voter);
			expect(got).toBe(status);
			if (status === 403) {
				expect(result.data).toMatchObject({ code: 'forbidden', message: 'This project counts votes from confirmed e-mail addresses only. Confirm yours to vote.' });
				const french = await postAction(`${server.url}/fr/projects/${project.slug}/ideas/${idea.id}?/vote`, { choice: 'up' }, { cookie: voter.cookie });
				expect(french.result.data).toMatchObject({ message: 'Ce projet ne compte que les votes des adresses e-mail confirmées. Confirmez la vôtre pour voter.' });
				const page = await (await fetch(`${server.url}/en/projects/${project.slug}/ideas/${idea.id}`, { headers: { cookie: voter.cookie } })).text();
				expect(page).toContain('data-testid="verify-vote-hint"');
			} else {
				expect(result).toMatchObject({ type: 'success', data: { voted: { upvotes: 1, myVote: 1 } } });
			}
		});
	});

	it('[E6] the same gate on the live connection (vote:cast), in the connection’s language', async () => {
		const author = await signIn(server.app, 'bruno');
		const project = await aProject(server.app, { votingNeedsVerifiedEmail: true });
		const idea = await anIdea(server.app, author.actor, project.id);
		const voter = await signUpUnverified(server.app);
		const socket = await connectClient(server.url, voter.cookie);
		try {
			expect(await emitRaw(socket, 'vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({
				ok: false,
				error: { code: 'forbidden', message: 'This project counts votes from confirmed e-mail addresses only. Confirm yours to vote.' }
			});
			await server.app.services.accountEmail.verify(linkIn(await lastMailTo(server.app, voter.email, 'verify'), 'verify').token);
			expect(await emitRaw(socket, 'vote:cast', { ideaId: idea.id, value: 1 })).toMatchObject({ ok: true, data: { upvotes: 1, myVote: 1 } });
			// Taking a vote back never needs the address (E6).
			expect(await emitRaw(socket, 'vote:withdraw', { ideaId: idea.id })).toMatchObject({ ok: true, data: { upvotes: 0 } });
		} finally {
			socket.disconnect();
		}
	});

	describe('garbage on every new entry point', () => {
		it.each([
			['/en/verify/short', 400, 'invalid'],
			[`/en/verify/${'A'.repeat(43)}`, 404, 'not_found'],
			[`/en/verify/${'A'.repeat(2_000)}`, 400, 'invalid'],
			[`/en/verify/${encodeURIComponent('<script>')}`, 400, 'invalid'],
			[`/en/reset/${'A'.repeat(43)}`, 404, 'not_found']
		] as const)('POST to a bad link (case %#) answers %i', async (path, status, code) => {
			const { status: got, result } = await post(path, { password: NEW_PASSWORD }, 'guest');
			expect(got).toBe(status);
			expect(result.data).toMatchObject({ code });
		});

		it.each([
			[{}],
			[{ email: '' }],
			[{ email: 'not an address' }],
			[{ email: `${'x'.repeat(10_000)}@example.org` }],
			[{ email: 'a@b.example\r\nBcc: victim@example.org' }]
		])('forgot with garbage (case %#) answers 400 and sends nothing', async (fields) => {
			const before = (await server.app.mailer.outbox()).length;
			const { status, result } = await post('/en/signin/forgot', fields as Record<string, string>, 'guest');
			expect(status).toBe(400);
			expect(result.data).toMatchObject({ code: 'invalid', fields: { email: expect.any(String) } });
			await server.app.services.accountEmail.idle();
			expect((await server.app.mailer.outbox()).length).toBe(before);
		});

		it('non-string fields (a file) are refused like missing ones', async () => {
			const form = new FormData();
			form.append('email', new Blob(['amira@test.example']), 'email.txt');
			const response = await fetch(`${server.url}/en/signin/forgot`, { method: 'POST', body: form, headers: { origin: server.url, 'x-sveltekit-action': 'true', accept: 'application/json' } });
			expect(JSON.parse(await response.text())).toMatchObject({ type: 'failure', status: 400 });
			const link = await resetLinkOf('amira@test.example');
			const reset = new FormData();
			reset.append('password', new Blob([NEW_PASSWORD]), 'password.txt');
			const answer = await fetch(`${server.url}/en/reset/${link.token}`, { method: 'POST', body: reset, headers: { origin: server.url, 'x-sveltekit-action': 'true', accept: 'application/json' } });
			expect(JSON.parse(await answer.text())).toMatchObject({ type: 'failure', status: 400 });
			expect(await server.app.services.accountEmail.inspectLink('reset', link.token)).toBe('valid');
		});

		it.each([[{}], [{ password: '' }], [{ password: 'x'.repeat(100_000) }]])('reset with garbage (case %#) answers 400 and leaves the link usable', async (fields) => {
			const link = await resetLinkOf('amira@test.example');
			const { status } = await post(`/en/reset/${link.token}`, fields as Record<string, string>, 'guest');
			expect(status).toBe(400);
			expect(await server.app.services.accountEmail.inspectLink('reset', link.token)).toBe('valid');
		});

		it('a used link and an expired link are refused, and their pages say so', async () => {
			const { link } = await verifyLinkOfNewcomer();
			expect((await post(`/en/verify/${link.token}`, {}, 'guest')).result.type).toBe('success');
			expect((await post(`/en/verify/${link.token}`, {}, 'guest')).result.data).toMatchObject({ code: 'conflict' });
			expect(await (await fetch(`${server.url}/en/verify/${link.token}`)).text()).toContain('already used');

			const reset = await resetLinkOf('amira@test.example');
			const second = await signUpUnverified(server.app);
			const verify = linkIn(await lastMailTo(server.app, second.email, 'verify'), 'verify');
			clock.advance(49 * 3_600_000);
			const expiredReset = await post(`/en/reset/${reset.token}`, { password: NEW_PASSWORD }, 'guest');
			expect(expiredReset.result.data).toMatchObject({ code: 'conflict', message: expect.stringContaining('expired') });
			expect((await post(`/en/verify/${verify.token}`, {}, 'guest')).result.data).toMatchObject({ code: 'conflict', message: 'This confirmation link has expired. Ask for a new one.' });
			expect(await (await fetch(`${server.url}/en/reset/${reset.token}`)).text()).toContain('has expired');
		});
	});
});
