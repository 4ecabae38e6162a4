import type { Account } from '../../domain/accounts';
import { emailSchema, provisionSchema, SESSION_TOKEN_PATTERN, signInSchema, signUpSchema, staffAccountSchema } from '../../domain/accounts';
import { GUEST, roleSchema, type Actor, type Role } from '../../domain/actors';
import { addressKey } from '../../domain/limits';
import { interfaceLocaleSchema } from '../../domain/locales';
import { DomainError } from '../../domain/errors';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';

/** What a live connection needs to follow its session: who it acts for, which session, and until when. */
export interface LiveSession {
	readonly actor: Actor;
	/** The session's key (see sessionKeyOf); null for a guest. */
	readonly sessionKey: string | null;
	/** When the session stops being valid; null for a guest. */
	readonly expiresAt: Date | null;
}

export interface SignedIn {
	readonly account: Account;
	/** L2: the interface language the person chose earlier, if any; the sign-in then switches to it. */
	readonly locale: string | null;
	/** The secret for the session cookie; only its digest is stored. */
	readonly sessionToken: string;
	readonly expiresAt: Date;
}


/** Where a request came from, as the transport saw it (an actor is one); used only for rate limits. */
export interface RequestOrigin {
	readonly address?: string;
	/** L2: the interface language the person is using; a new account keeps it as its choice. */
	readonly locale?: string;
}

export function createAccountsService(
	{ store, events, clock, ids, secrets, limits }: ServicePorts,
	options: {
		sessionTtlHours: number;
		isCommonPassword: (password: string) => boolean;
		/** E2: called after a sign-up (the verification e-mail); must not throw or wait. */
		afterSignUp?: (userId: string, origin: RequestOrigin) => void;
	}
) {
	// Verifying against a real hash when the e-mail is unknown makes both failures take the same time (A2).
	const decoyHash = secrets.hashPassword(secrets.newSessionToken());

	/** The digest the store keeps for a session token; null for a malformed token. */
	function sessionKeyOf(sessionToken: string | undefined): string | null {
		if (!sessionToken || !SESSION_TOKEN_PATTERN.test(sessionToken)) return null;
		return secrets.sessionIdOf(sessionToken);
	}

	async function liveSession(sessionToken: string | undefined): Promise<LiveSession> {
		const guest: LiveSession = { actor: GUEST, sessionKey: null, expiresAt: null };
		const sessionKey = sessionKeyOf(sessionToken);
		if (!sessionKey) return guest;
		const user = await store.sessions.findUser(sessionKey, clock.now().toISOString());
		if (!user) return guest;
		const role = roleSchema.safeParse(user.role);
		if (!role.success) return guest;
		return {
			// MO6: a blocked account is still signed in (it reads), and every write refuses it.
			actor: { kind: 'user', userId: user.id, displayName: user.displayName, role: role.data, ...(user.blockedAt ? { blocked: true } : {}) },
			sessionKey,
			expiresAt: new Date(user.expiresAt)
		};
	}

	async function openSession(account: Account, locale: string | null = null): Promise<SignedIn> {
		const sessionToken = secrets.newSessionToken();
		const now = clock.now();
		const expiresAt = new Date(now.getTime() + options.sessionTtlHours * 3_600_000);
		await store.sessions.insert({
			id: secrets.sessionIdOf(sessionToken),
			userId: account.id,
			createdAt: now.toISOString(),
			expiresAt: expiresAt.toISOString()
		});
		return { account, locale, sessionToken, expiresAt };
	}

	async function createAccount(
		input: unknown,
		role: Role,
		locale: string | null = null,
		verified = false,
		schema: typeof provisionSchema | typeof staffAccountSchema = provisionSchema
	): Promise<Account> {
		// A6: citizens may not take a staff title as their name; the operator provisions staff as staff.
		const { email, password, displayName } = parseInput(role === 'citizen' ? signUpSchema : schema, input);
		// A3: the common-password list is large, so it is checked here on the server rather than in the shared schema.
		if (options.isCommonPassword(password)) {
			throw new DomainError('invalid', 'account_password_common', {}, { password: { key: 'account_password_common' } });
		}
		// Hash before looking for a duplicate, so a taken address answers as slowly as a free one (A2).
		const passwordHash = await secrets.hashPassword(password);
		const account: Account = { id: ids.next(), email, displayName, role };
		if (!(await store.users.insertIfEmailFree({ ...account, passwordHash, locale, emailVerifiedAt: verified ? clock.now().toISOString() : null, createdAt: clock.now().toISOString() }))) {
			throw new DomainError('conflict', 'account_sign_up_refused', {}, { email: { key: 'account_sign_up_refused' } });
		}
		return account;
	}

	return {
		/** A1: anyone may create a citizen account; it is signed in at once. R3 limits attempts per address. */
		async signUp(input: unknown, origin: RequestOrigin = {}): Promise<SignedIn> {
			if (origin.address) await limits.take('account.signUp', { address: addressKey(origin.address) });
			const locale = interfaceLocaleSchema.safeParse(origin.locale);
			const account = await createAccount(input, 'citizen', locale.success ? locale.data : null);
			options.afterSignUp?.(account.id, origin);
			return openSession(account, locale.success ? locale.data : null);
		},

		/**
		 * Creates an account with any role, or returns the existing one with that e-mail. For the operator's tools
		 * (demo seeding, first admin), never for a transport: it takes no actor. E2: the operator vouches for the
		 * address, so it starts verified.
		 */
		async provision(input: { email: string; password: string; displayName: string; role: Role }): Promise<Account> {
			const role = roleSchema.parse(input.role);
			const { email } = parseInput(provisionSchema, input);
			const existing = await store.users.findByEmail(email);
			if (existing) return { id: existing.id, email: existing.email, displayName: existing.displayName, role: roleSchema.parse(existing.role) };
			return createAccount(input, role, null, true);
		},

		/**
		 * AD1: creates a staff account with the full password rules (A3) and refuses an e-mail that exists
		 * (`conflict`), for the operator's first-admin command; never for a transport: it takes no actor.
		 */
		async createStaff(input: { email: unknown; password: unknown; displayName: unknown; role: Role }): Promise<Account> {
			const role = roleSchema.parse(input.role);
			const { email } = parseInput(staffAccountSchema, input);
			if (await store.users.findByEmail(email)) {
				throw new DomainError('conflict', 'admin_account_exists', { email }, { email: { key: 'admin_account_exists', params: { email } } });
			}
			return createAccount(input, role, null, true, staffAccountSchema);
		},

		/**
		 * AD1: gives the account with this e-mail a role (the operator's `--promote`); publishes `account.changed`.
		 * `not_found` when nobody has the e-mail.
		 */
		async promoteByEmail(emailInput: unknown, role: Role): Promise<Account> {
			const email = parseInput(emailSchema, emailInput);
			const user = await store.users.findByEmail(email);
			if (!user) throw new DomainError('not_found', 'account_not_found');
			const parsed = roleSchema.parse(role);
			await store.users.setRole(user.id, parsed);
			events.publish({ type: 'account.changed', userId: user.id });
			return { id: user.id, email: user.email, displayName: user.displayName, role: parsed };
		},

		/**
		 * A2: a wrong password and an unknown e-mail fail alike, in text and in time. R1 limits failures per e-mail and
		 * address (known e-mail or not, so it reveals nothing), R2 attempts per address. Each attempt takes its point
		 * before the password is checked, so parallel guesses cannot slip through; a success gives it back.
		 */
		async signIn(input: unknown, origin: RequestOrigin = {}): Promise<SignedIn> {
			const address = origin.address ? addressKey(origin.address) : 'unknown';
			if (origin.address) await limits.take('account.signIn', { address });
			const { email, password } = parseInput(signInSchema, input);
			const accountFromAddress = { account: `${email} ${address}` };
			await limits.take('account.signInFailure', accountFromAddress);
			const user = await store.users.findByEmail(email);
			const matches = await secrets.verifyPassword(user?.passwordHash ?? (await decoyHash), password);
			if (!user || !matches) throw new DomainError('unauthenticated', 'account_sign_in_failed');
			await limits.giveBack('account.signInFailure', accountFromAddress);
			return openSession({ id: user.id, email: user.email, displayName: user.displayName, role: roleSchema.parse(user.role) }, user.locale ?? null);
		},

		/** Ends the session and publishes `session.ended`, so its open sockets are disconnected too. */
		async signOut(sessionToken: string | undefined): Promise<void> {
			const sessionKey = sessionKeyOf(sessionToken);
			if (!sessionKey) return;
			await store.sessions.delete(sessionKey);
			events.publish({ type: 'session.ended', sessionKey });
		},

		/**
		 * A stable, non-secret name for the session behind a token (the digest the store keeps), so transports can
		 * group a session's live connections; null for a malformed token.
		 */
		sessionKeyOf,

		/** The actor a session cookie stands for; a missing, malformed, unknown or expired token is a guest. */
		async actorForSession(sessionToken: string | undefined): Promise<Actor> {
			return (await liveSession(sessionToken)).actor;
		},

		/**
		 * The session behind a token with its expiry, for live connections (Socket.io, Yjs) that must stop acting for
		 * the user when it expires, ends or the account changes (`account.changed`). A bad token is a guest.
		 */
		liveSession,

		/**
		 * Gives an account another role (operator tool now; the staff console later). Publishes `account.changed`, so
		 * every open connection of that user re-reads what it may do, on every node.
		 */
		async changeRole(userId: string, role: Role): Promise<void> {
			const parsed = roleSchema.parse(role);
			if (!(await store.users.setRole(userId, parsed))) throw new DomainError('not_found', 'account_not_found');
			events.publish({ type: 'account.changed', userId });
		},

		/** L2: remembers the interface language a signed-in person chose, for their next sign-in on any device. */
		async setLocale(actor: Actor, locale: unknown): Promise<void> {
			if (actor.kind !== 'user') return;
			await store.users.setLocale(actor.userId, parseInput(interfaceLocaleSchema, locale));
		},

		/** Deletes expired sessions; returns how many. */
		async purgeExpiredSessions(): Promise<number> {
			return store.sessions.deleteExpired(clock.now().toISOString());
		}
	};
}

export type AccountsService = ReturnType<typeof createAccountsService>;
