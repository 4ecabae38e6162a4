import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import pino from 'pino';
import type { App } from '../app';
import type { RateLimits } from '../ports';
import { openRateLimits } from '../rate-limits';
import { createTestApp, manualClock, recordEvents } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { lastMailTo, linkIn, mailsTo, signUpUnverified } from '../../../../tests/support/mail';
import { PERSONA_PASSWORD, signIn } from '../../../../tests/support/personas';
import { createScratchDatabase, TEST_DATABASE_URL } from '../../../../tests/support/services';

const NEW_PASSWORD = 'a-brand-new-passphrase';

// The PostgreSQL pass reports itself skipped without TEST_DATABASE_URL.
const DIALECTS = [
	['SQLite', null],
	['PostgreSQL', TEST_DATABASE_URL ?? null]
] as const;

describe.each(DIALECTS)('account e-mail on %s: verification and password reset', (_dialect, serverUrl) => {
	let app: App;
	let clock: ReturnType<typeof manualClock>;
	let drop: (() => Promise<void>) | null = null;
	beforeEach(async (context) => {
		if (_dialect === 'PostgreSQL' && !serverUrl) context.skip();
		clock = manualClock();
		let env: Record<string, string> = {};
		if (serverUrl) {
			const scratch = await createScratchDatabase(serverUrl);
			drop = scratch.drop;
			env = { DATABASE_URL: scratch.url };
		}
		app = await createTestApp(env, { clock });
	});
	afterEach(async () => {
		await app?.close();
		await drop?.();
		drop = null;
	});

	it('[E2] [E3] a sign-up gets one verification e-mail in its language, with a link that works once', async () => {
		const person = await signUpUnverified(app, { locale: 'fr', name: 'Zoë "Z" & Cie' });
		const mail = await lastMailTo(app, person.email, 'verify');
		expect(mail).toMatchObject({ locale: 'fr', subject: 'Confirmez votre adresse e-mail pour Agora Bruxelles', status: 'kept' });
		expect(mail.text).toContain('Bonjour Zoë "Z" & Cie,');
		expect(mail.html).toContain('Bonjour Zoë &quot;Z&quot; &amp; Cie,');
		const { token, locale } = linkIn(mail, 'verify');
		expect(locale).toBe('fr');
		expect(await app.services.accountEmail.emailStatus(person.actor)).toEqual({ email: person.email, verified: false });
		const events = recordEvents(app);
		expect(await app.services.accountEmail.verify(token)).toEqual({ userId: person.actor.userId, email: person.email });
		expect(await app.services.accountEmail.emailStatus(person.actor)).toEqual({ email: person.email, verified: true });
		expect(events).toContainEqual({ type: 'account.changed', userId: person.actor.userId });
		await expect(app.services.accountEmail.verify(token)).rejects.toMatchObject({ code: 'conflict', key: 'verify_link_used' });
	});

	it('[E3] only the digest of a link is stored', async () => {
		const person = await signUpUnverified(app);
		const { token } = linkIn(await lastMailTo(app, person.email, 'verify'), 'verify');
		expect(await app.store.accountTokens.find(token)).toBeUndefined();
		expect(await app.store.accountTokens.find(createHash('sha256').update(token).digest('hex'))).toMatchObject({ purpose: 'verify', email: person.email, usedAt: null });
	});

	it('[E2] accounts the operator provisions start verified and get no e-mail', async () => {
		const max = await signIn(app, 'max');
		expect(await app.services.accountEmail.emailStatus(max.actor)).toMatchObject({ verified: true });
		expect(await mailsTo(app, 'max@test.example')).toEqual([]);
	});

	it('[E3] a verification link expires after 48 hours', async () => {
		const person = await signUpUnverified(app);
		const { token } = linkIn(await lastMailTo(app, person.email, 'verify'), 'verify');
		clock.advance(48 * 3_600_000 + 1);
		expect(await app.services.accountEmail.inspectLink('verify', token)).toBe('expired');
		await expect(app.services.accountEmail.verify(token)).rejects.toMatchObject({ code: 'conflict', key: 'verify_link_expired' });
	});

	it('[E4] [E5] a resent link replaces the older one; a verified account cannot ask; a guest must sign in', async () => {
		const person = await signUpUnverified(app);
		const first = linkIn(await lastMailTo(app, person.email, 'verify'), 'verify');
		await app.services.accountEmail.resendVerification(person.actor);
		const second = linkIn(await lastMailTo(app, person.email, 'verify'), 'verify');
		expect(second.token).not.toBe(first.token);
		expect(await app.services.accountEmail.inspectLink('verify', first.token)).toBe('used');
		await app.services.accountEmail.verify(second.token);
		await expect(app.services.accountEmail.resendVerification(person.actor)).rejects.toMatchObject({ code: 'conflict', key: 'verify_already_verified' });
		await expect(app.services.accountEmail.resendVerification(GUEST)).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[E5] [R35] resending is limited per account', async () => {
		const person = await signUpUnverified(app);
		for (let attempt = 0; attempt < 3; attempt++) await app.services.accountEmail.resendVerification(person.actor);
		await expect(app.services.accountEmail.resendVerification(person.actor)).rejects.toMatchObject({ code: 'rate_limited' });
	});

	it('[E4] a link is not a reset link, and garbage is refused', async () => {
		const person = await signUpUnverified(app);
		const { token } = linkIn(await lastMailTo(app, person.email, 'verify'), 'verify');
		expect(await app.services.accountEmail.inspectLink('reset', token)).toBe('unknown');
		await expect(app.services.accountEmail.resetPassword({ token, password: NEW_PASSWORD })).rejects.toMatchObject({ code: 'not_found', key: 'reset_link_invalid' });
		for (const garbage of [undefined, 42, '', 'x'.repeat(43), 'A'.repeat(10_000), { token }]) {
			await expect(app.services.accountEmail.verify(garbage)).rejects.toMatchObject({ code: expect.stringMatching(/^(invalid|not_found)$/) });
		}
	});

	it('[E6] a project that needs a verified address refuses votes from unverified accounts, and takes them once verified', async () => {
		const bruno = await signIn(app, 'bruno');
		const strict = await aProject(app, { votingNeedsVerifiedEmail: true });
		const relaxed = await aProject(app);
		expect(strict.votingNeedsVerifiedEmail).toBe(true);
		expect(relaxed.votingNeedsVerifiedEmail).toBe(false);
		const strictIdea = await anIdea(app, bruno.actor, strict.id);
		const relaxedIdea = await anIdea(app, bruno.actor, relaxed.id);
		const person = await signUpUnverified(app);
		await expect(app.services.votes.cast(person.actor, { ideaId: strictIdea.id, value: 1 })).rejects.toMatchObject({ code: 'forbidden', key: 'verify_needed_to_vote' });
		expect(await app.services.votes.cast(person.actor, { ideaId: relaxedIdea.id, value: 1 })).toMatchObject({ upvotes: 1 });
		await app.services.accountEmail.verify(linkIn(await lastMailTo(app, person.email, 'verify'), 'verify').token);
		expect(await app.services.votes.cast(person.actor, { ideaId: strictIdea.id, value: 1 })).toMatchObject({ upvotes: 1, myVote: 1 });
	});

	it('[E6] turning the setting on keeps earlier votes and lets them be taken back, not cast again', async () => {
		const bruno = await signIn(app, 'bruno');
		const ada = await signIn(app, 'ada');
		const project = await aProject(app);
		const idea = await anIdea(app, bruno.actor, project.id);
		const person = await signUpUnverified(app);
		await app.services.votes.cast(person.actor, { ideaId: idea.id, value: 1 });
		await app.services.projects.setVotingNeedsVerifiedEmail(ada.actor, project.id, true);
		await expect(app.services.votes.cast(person.actor, { ideaId: idea.id, value: -1 })).rejects.toMatchObject({ key: 'verify_needed_to_vote' });
		expect(await app.services.votes.withdraw(person.actor, { ideaId: idea.id })).toMatchObject({ upvotes: 0, myVote: null });
	});

	it('[E6] only an admin may change the setting', async () => {
		const project = await aProject(app);
		const amira = await signIn(app, 'amira');
		const ada = await signIn(app, 'ada');
		await expect(app.services.projects.setVotingNeedsVerifiedEmail(GUEST, project.id, true)).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(app.services.projects.setVotingNeedsVerifiedEmail(amira.actor, project.id, true)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(app.services.projects.setVotingNeedsVerifiedEmail(ada.actor, project.id, 'yes')).rejects.toMatchObject({ code: 'invalid' });
		await expect(app.services.projects.setVotingNeedsVerifiedEmail(ada.actor, 'nope', true)).rejects.toMatchObject({ code: 'not_found' });
		expect(await app.services.projects.setVotingNeedsVerifiedEmail(ada.actor, project.id, true)).toMatchObject({ votingNeedsVerifiedEmail: true });
		expect((await app.services.projects.getById(project.id)).votingNeedsVerifiedEmail).toBe(true);
	});

	it('[E8] a reset request answers alike for a known and an unknown address, and only the known one gets mail', async () => {
		const amira = await signIn(app, 'amira');
		await expect(app.services.accountEmail.requestPasswordReset({ email: 'amira@test.example' })).resolves.toBeUndefined();
		await expect(app.services.accountEmail.requestPasswordReset({ email: 'nobody@test.example' })).resolves.toBeUndefined();
		expect(await mailsTo(app, 'nobody@test.example')).toEqual([]);
		const mail = await lastMailTo(app, 'amira@test.example', 'reset');
		expect(mail.subject).toBe('Choose a new password for Agora Brussels');
		expect(mail.text).toContain('60 minutes');
		expect(amira.actor.userId).toBeTruthy();
	});

	it('[E8] [R37] reset requests are limited per address asked about, known or not', async () => {
		for (const email of ['amira@test.example', 'nobody@test.example']) {
			for (let attempt = 0; attempt < 3; attempt++) await app.services.accountEmail.requestPasswordReset({ email });
			await expect(app.services.accountEmail.requestPasswordReset({ email })).rejects.toMatchObject({ code: 'rate_limited' });
		}
	});

	it('[E10] [E11] a reset sets the new password, proves the address, and ends every other session', async () => {
		const person = await signUpUnverified(app);
		const other = await app.services.accounts.signIn({ email: person.email, password: PERSONA_PASSWORD });
		await app.services.accountEmail.requestPasswordReset({ email: person.email });
		const { token } = linkIn(await lastMailTo(app, person.email, 'reset'), 'reset');
		expect(await app.services.accountEmail.inspectLink('reset', token)).toBe('valid');
		const events = recordEvents(app);
		const keep = app.services.accounts.sessionKeyOf(person.token);
		await app.services.accountEmail.resetPassword({ token, password: NEW_PASSWORD }, { sessionKey: keep });
		expect(events).toContainEqual({ type: 'session.ended', sessionKey: app.services.accounts.sessionKeyOf(other.sessionToken) });
		expect(events).not.toContainEqual({ type: 'session.ended', sessionKey: keep });
		expect((await app.services.accounts.actorForSession(other.sessionToken)).kind).toBe('guest');
		expect((await app.services.accounts.actorForSession(person.token)).kind).toBe('user');
		await expect(app.services.accounts.signIn({ email: person.email, password: PERSONA_PASSWORD })).rejects.toMatchObject({ code: 'unauthenticated' });
		expect((await app.services.accounts.signIn({ email: person.email, password: NEW_PASSWORD })).account.id).toBe(person.actor.userId);
		expect(await app.services.accountEmail.emailStatus(person.actor)).toMatchObject({ verified: true });
		await expect(app.services.accountEmail.resetPassword({ token, password: 'another-fine-passphrase' })).rejects.toMatchObject({ code: 'conflict', key: 'reset_link_used' });
	});

	it('[E9] [E10] a reset link expires after an hour and keeps the password rules', async () => {
		await signIn(app, 'amira');
		await app.services.accountEmail.requestPasswordReset({ email: 'amira@test.example' });
		const { token } = linkIn(await lastMailTo(app, 'amira@test.example', 'reset'), 'reset');
		await expect(app.services.accountEmail.resetPassword({ token, password: 'short' })).rejects.toMatchObject({ code: 'invalid', fields: { password: { key: 'validation_too_short' } } });
		await expect(app.services.accountEmail.resetPassword({ token, password: 'password1234' })).rejects.toMatchObject({ code: 'invalid', fields: { password: { key: 'account_password_common' } } });
		await expect(app.services.accountEmail.resetPassword({ token, password: 'amira-is-my-password' })).rejects.toMatchObject({ code: 'invalid', fields: { password: { key: 'account_password_contains_email' } } });
		clock.advance(60 * 60_000 + 1);
		await expect(app.services.accountEmail.resetPassword({ token, password: NEW_PASSWORD })).rejects.toMatchObject({ code: 'conflict', key: 'reset_link_expired' });
	});

	it('[R39] no more than ten account e-mails of one purpose a day reach one address, whoever asks, silently; resets never use up verifications', async () => {
		// Only R39 counts here: the other limits would stop the requests first (they count in real time).
		const real = await openRateLimits({ redisUrl: null, prefix: 'test', log: pino({ level: 'silent' }) });
		const onlyR39: RateLimits = {
			take: (name, subject) => (name === 'mail.recipient' ? real.limits.take(name, subject) : Promise.resolve()),
			giveBack: async () => {}
		};
		const capped = await createTestApp({}, { limits: onlyR39 });
		try {
			const person = await signUpUnverified(capped);
			for (let attempt = 0; attempt < 12; attempt++) await capped.services.accountEmail.requestPasswordReset({ email: person.email });
			for (let attempt = 0; attempt < 12; attempt++) await capped.services.accountEmail.resendVerification(person.actor);
			const mails = await mailsTo(capped, person.email);
			expect(mails.filter((mail) => mail.kind === 'reset').length).toBe(10);
			// The sign-up's own verification e-mail counts: nine more, whatever the resets did.
			expect(mails.filter((mail) => mail.kind === 'verify').length).toBe(10);
		} finally {
			await capped.close();
			await real.close();
		}
	});
});
