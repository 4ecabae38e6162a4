import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { createTestApp, manualClock, recordEvents } from '../../../../tests/support/app';

const amira = { email: 'amira@test.example', password: 'a long passphrase', displayName: 'Amira' };

describe('accounts', () => {
	let app: App;
	beforeEach(async () => {
		app = await createTestApp();
	});
	afterEach(() => app.close());

	it('[A1] signs up a citizen and opens a session that names them', async () => {
		const { account, sessionToken } = await app.services.accounts.signUp(amira);
		expect(account).toMatchObject({ email: 'amira@test.example', role: 'citizen' });
		expect(await app.services.accounts.actorForSession(sessionToken)).toEqual({
			kind: 'user',
			userId: account.id,
			displayName: 'Amira',
			role: 'citizen'
		});
	});

	it('[A5] a live session names its key and expiry; a role change is published for live connections', async () => {
		const { account, sessionToken, expiresAt } = await app.services.accounts.signUp(amira);
		const live = await app.services.accounts.liveSession(sessionToken);
		expect(live).toMatchObject({ actor: { userId: account.id, role: 'citizen' }, sessionKey: app.services.accounts.sessionKeyOf(sessionToken) });
		expect(live.expiresAt?.getTime()).toBe(expiresAt.getTime());
		expect(await app.services.accounts.liveSession('garbage')).toEqual({ actor: { kind: 'guest' }, sessionKey: null, expiresAt: null });
		const events = recordEvents(app);
		await app.services.accounts.changeRole(account.id, 'moderator');
		expect(events).toEqual([{ type: 'account.changed', userId: account.id }]);
		expect(await app.services.accounts.actorForSession(sessionToken)).toMatchObject({ role: 'moderator' });
		await expect(app.services.accounts.changeRole('nobody', 'admin')).rejects.toMatchObject({ code: 'not_found' });
	});

	it.each(['1234567890', 'password1234', 'Qwertyuiop', 'motdepasse', 'wachtwoord', 'iloveyou12'])(
		'[A3] refuses the common password %j with a field error',
		async (password) => {
			await expect(app.services.accounts.signUp({ ...amira, password })).rejects.toMatchObject({
				code: 'invalid',
				fields: { password: { key: 'account_password_common' } }
			});
		}
	);

	it('[A2] refuses a duplicate e-mail without saying whose it is', async () => {
		await app.services.accounts.signUp(amira);
		await expect(app.services.accounts.signUp({ ...amira, email: 'AMIRA@test.example' })).rejects.toMatchObject({
			code: 'conflict',
			message: expect.not.stringContaining('amira')
		});
	});

	it('[A2] fails a wrong password and an unknown e-mail with the same message', async () => {
		await app.services.accounts.signUp(amira);
		const wrongPassword = await app.services.accounts.signIn({ ...amira, password: 'not the password' }).catch((error: unknown) => error);
		const unknownEmail = await app.services.accounts.signIn({ ...amira, email: 'nobody@test.example' }).catch((error: unknown) => error);
		expect(wrongPassword).toMatchObject({ code: 'unauthenticated' });
		expect((unknownEmail as Error).message).toBe((wrongPassword as Error).message);
	});

	it('[A4] stores only a digest of the session token, and sign-out ends the session', async () => {
		const { sessionToken } = await app.services.accounts.signUp(amira);
		const now = new Date().toISOString();
		expect(await app.store.sessions.findUser(sessionToken, now)).toBeUndefined();
		expect(await app.store.sessions.findUser(app.services.accounts.sessionKeyOf(sessionToken)!, now)).toMatchObject({ email: amira.email });
		await app.services.accounts.signOut(sessionToken);
		expect(await app.services.accounts.actorForSession(sessionToken)).toEqual({ kind: 'guest' });
	});

	it('treats malformed, unknown and missing tokens as a guest', async () => {
		for (const token of [undefined, '', 'x', 'a'.repeat(43), '\u0000'.repeat(43)]) {
			expect(await app.services.accounts.actorForSession(token)).toEqual({ kind: 'guest' });
		}
	});

	it('[A4] expires sessions after their lifetime and purges them', async () => {
		const clock = manualClock();
		const shortLived = await createTestApp({ SESSION_TTL_HOURS: '1' }, { clock });
		try {
			const { sessionToken } = await shortLived.services.accounts.signUp(amira);
			clock.advance(59 * 60_000);
			expect(await shortLived.services.accounts.actorForSession(sessionToken)).toMatchObject({ kind: 'user' });
			clock.advance(2 * 60_000);
			expect(await shortLived.services.accounts.actorForSession(sessionToken)).toEqual({ kind: 'guest' });
			expect(await shortLived.services.accounts.purgeExpiredSessions()).toBe(1);
		} finally {
			await shortLived.close();
		}
	});

	it('provision is idempotent by e-mail', async () => {
		const first = await app.services.accounts.provision({ ...amira, role: 'facilitator' });
		const second = await app.services.accounts.provision({ ...amira, role: 'facilitator' });
		expect(second.id).toBe(first.id);
		expect(second.role).toBe('facilitator');
	});

	it('[R1] locks an e-mail after 10 failed sign-ins, even for the right password, and no other e-mail', async () => {
		await app.services.accounts.signUp(amira);
		for (let attempt = 0; attempt < 10; attempt++) {
			await expect(app.services.accounts.signIn({ ...amira, password: 'not the password' })).rejects.toMatchObject({ code: 'unauthenticated' });
		}
		await expect(app.services.accounts.signIn(amira)).rejects.toMatchObject({
			code: 'rate_limited',
			key: 'rate_limited',
			params: { retryAfterSeconds: expect.any(Number), minutes: expect.any(Number) }
		});
		await expect(app.services.accounts.signIn({ ...amira, email: 'nobody@test.example' })).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[R1] limits unknown e-mails the same way, so the limit tells nothing about who has an account', async () => {
		for (let attempt = 0; attempt < 10; attempt++) {
			await app.services.accounts.signIn({ email: 'ghost@test.example', password: 'whatever it is' }).catch(() => {});
		}
		await expect(app.services.accounts.signIn({ email: 'ghost@test.example', password: 'whatever it is' })).rejects.toMatchObject({ code: 'rate_limited' });
	});

	it('[R1] cannot be slipped past with parallel guesses', async () => {
		await app.services.accounts.signUp(amira);
		const outcomes = await Promise.all(
			Array.from({ length: 20 }, () => app.services.accounts.signIn({ ...amira, password: 'a parallel guess' }).catch((error: { code: string }) => error.code))
		);
		expect(outcomes.filter((code) => code === 'unauthenticated')).toHaveLength(10);
		expect(outcomes.filter((code) => code === 'rate_limited')).toHaveLength(10);
	});

	it('[R1] does not lock the owner out from other addresses, however many attack, and a success gives the attempts back', async () => {
		await app.services.accounts.signUp(amira);
		for (let attacker = 0; attacker < 20; attacker++) {
			for (let attempt = 0; attempt < 10; attempt++) {
				await app.services.accounts.signIn({ ...amira, password: 'a wrong guess' }, { address: `203.0.113.${attacker}` }).catch(() => {});
			}
		}
		await expect(app.services.accounts.signIn(amira, { address: '198.51.100.20' })).resolves.toMatchObject({ account: { email: amira.email } });
		// 200 real password checks: a few seconds on a busy CI core, more than the unit tier's default allows.
	}, 30_000);

	it('[R1] locks one address out of one account, and a success gives the attempts back', async () => {
		await app.services.accounts.signUp(amira);
		const attacker = { address: '203.0.113.66' };
		for (let attempt = 0; attempt < 10; attempt++) await app.services.accounts.signIn({ ...amira, password: 'a wrong guess' }, attacker).catch(() => {});
		await expect(app.services.accounts.signIn(amira, attacker)).rejects.toMatchObject({ code: 'rate_limited' });
		const owner = { address: '198.51.100.20' };
		for (let attempt = 0; attempt < 9; attempt++) await app.services.accounts.signIn({ ...amira, password: 'a typo' }, owner).catch(() => {});
		await expect(app.services.accounts.signIn(amira, owner)).resolves.toMatchObject({ account: { email: amira.email } });
		await expect(app.services.accounts.signIn({ ...amira, password: 'one more typo' }, owner)).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[R2][R3] limits attempts per network address, counting an IPv6 /64 as one', async () => {
		const from = { address: '2001:db8:1:2::10' };
		const sameNetwork = { address: '2001:db8:1:2::99' };
		for (let attempt = 0; attempt < 60; attempt++) {
			await app.services.accounts.signUp({ email: 'not-an-email', password: 'x', displayName: 'x' }, attempt % 2 ? from : sameNetwork).catch(() => {});
		}
		await expect(app.services.accounts.signUp({ ...amira, email: 'one.more@test.example' }, from)).rejects.toMatchObject({ code: 'rate_limited' });
		await expect(app.services.accounts.signUp({ ...amira, email: 'elsewhere@test.example' }, { address: '2001:db8:1:3::1' })).resolves.toBeDefined();
		for (let attempt = 0; attempt < 300; attempt++) await app.services.accounts.signIn({ email: 'x' }, from).catch(() => {});
		await expect(app.services.accounts.signIn({ ...amira, email: 'elsewhere@test.example' }, sameNetwork)).rejects.toMatchObject({ code: 'rate_limited' });
	});
});
