import { SESSION_TOKEN_PATTERN } from '../../domain/accounts';
import { forgotPasswordSchema, linkTokenSchema, RESET_LINK_MINUTES, resetPasswordSchema, VERIFY_LINK_HOURS, type EmailStatus, type LinkState } from '../../domain/account-email';
import type { Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { addressKey, limitSubjectOf, type LimitSubject } from '../../domain/limits';
import { interfaceLocaleSchema } from '../../domain/locales';
import { parseInput } from '../../domain/validation';
import type { AccountMails, Mailer, ServicePorts } from '../ports';
import type { AccountTokenPurpose, UserRecord } from '../storage/store';

/** Where a request came from, as the transport saw it. */
export interface MailRequestOrigin {
	readonly address?: string;
	/** The language the person is using; an e-mail to an account without a chosen language is written in it. */
	readonly locale?: string;
	/** The session making the request, if any (a reset keeps it when it is the same account's: E11). */
	readonly sessionKey?: string | null;
}

const LINK_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
	verify: VERIFY_LINK_HOURS * 3_600_000,
	reset: RESET_LINK_MINUTES * 60_000
};

/**
 * E1–E13: account e-mail verification and password reset by e-mail. Links carry a random token; the store keeps
 * only its SHA-256, its purpose, the address it went to, its expiry and when it was used.
 */
export function createAccountEmailService(
	{ store, events, clock, secrets, limits, log }: ServicePorts,
	options: {
		mailer: Mailer;
		mails: AccountMails;
		/** The origin links point to (PUBLIC_ORIGIN). */
		publicOrigin: string;
		isCommonPassword: (password: string) => boolean;
	}
) {
	const { mailer, mails, publicOrigin } = options;
	/** E8: e-mails sent off the request's path, so a known address answers as fast as an unknown one. */
	const background = new Set<Promise<void>>();

	const localeOf = (user: UserRecord, origin: MailRequestOrigin): string => {
		const chosen = interfaceLocaleSchema.safeParse(user.locale);
		if (chosen.success) return chosen.data;
		const current = interfaceLocaleSchema.safeParse(origin.locale);
		return current.success ? current.data : 'en';
	};

	/** A new one-time link for `user`: the token goes into the e-mail, its digest into the store (E3, E9). */
	async function newLink(user: UserRecord, purpose: AccountTokenPurpose, locale: string): Promise<string> {
		const token = secrets.newSessionToken();
		const now = clock.now();
		// Only the newest link of a purpose works (E4, E9): an older e-mail lying around opens nothing.
		await store.transaction(async (tx) => {
			await tx.accountTokens.retireOthers(user.id, purpose, now.toISOString());
			await tx.accountTokens.insert({
				id: secrets.sessionIdOf(token),
				userId: user.id,
				purpose,
				email: user.email,
				createdAt: now.toISOString(),
				expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[purpose]).toISOString()
			});
		});
		return `${publicOrigin}/${locale}/${purpose}/${token}`;
	}

	/** R39: at most this many account e-mails reach one address a day, whoever asks; over it, nothing is sent (logged). */
	async function withinRecipientCap(email: string, purpose: 'verify' | 'reset'): Promise<boolean> {
		try {
			// Per purpose: a stranger asking for resets of someone's address cannot use up their verification e-mails.
			await limits.take('mail.recipient', { account: `mail:${purpose}:${email}` });
			return true;
		} catch (error) {
			if ((error as DomainError).code !== 'rate_limited') throw error;
			log.warn({ limit: 'R39' }, 'an account e-mail was not sent: its address had its daily number');
			return false;
		}
	}

	async function sendVerification(user: UserRecord, origin: MailRequestOrigin): Promise<void> {
		if (!(await withinRecipientCap(user.email, 'verify'))) return;
		const locale = localeOf(user, origin);
		const link = await newLink(user, 'verify', locale);
		await mailer.send({ kind: 'verify', to: user.email, locale, ...mails.verification(locale, { name: user.displayName, link }) });
	}

	async function sendReset(user: UserRecord, origin: MailRequestOrigin): Promise<void> {
		if (!(await withinRecipientCap(user.email, 'reset'))) return;
		const locale = localeOf(user, origin);
		const link = await newLink(user, 'reset', locale);
		await mailer.send({ kind: 'reset', to: user.email, locale, ...mails.passwordReset(locale, { name: user.displayName, link }) });
	}

	/** What a link's token says, without using it. */
	async function stateOf(token: string, purpose: AccountTokenPurpose) {
		const record = SESSION_TOKEN_PATTERN.test(token) ? await store.accountTokens.find(secrets.sessionIdOf(token)) : undefined;
		if (!record || record.purpose !== purpose) return { state: 'unknown' as const, record: undefined };
		if (record.usedAt) return { state: 'used' as const, record };
		if (record.expiresAt <= clock.now().toISOString()) return { state: 'expired' as const, record };
		return { state: 'valid' as const, record };
	}

	const linkError = (state: Exclude<LinkState, 'valid'>, purpose: AccountTokenPurpose): DomainError => {
		const verify = purpose === 'verify';
		if (state === 'used') return new DomainError('conflict', verify ? 'verify_link_used' : 'reset_link_used');
		if (state === 'expired') return new DomainError('conflict', verify ? 'verify_link_expired' : 'reset_link_expired');
		return new DomainError('not_found', verify ? 'verify_link_invalid' : 'reset_link_invalid');
	};

	const addressSubject = (origin: MailRequestOrigin): LimitSubject => (origin.address ? { address: addressKey(origin.address) } : {});

	return {
		/**
		 * E2/E3: after a sign-up, the verification e-mail. Runs in the background (the sign-up never waits for it);
		 * `idle()` waits for it.
		 */
		afterSignUp(userId: string, origin: MailRequestOrigin): void {
			const work = (async () => {
				const user = await store.users.findById(userId);
				if (user && !user.emailVerifiedAt) await sendVerification(user, origin);
			})().catch((error: unknown) => log.error({ err: error }, 'could not send the verification e-mail'));
			background.add(work);
			void work.finally(() => background.delete(work));
		},

		/** The signed-in person's address and whether it is verified; null for a guest. */
		async emailStatus(actor: Actor): Promise<EmailStatus | null> {
			if (actor.kind !== 'user') return null;
			const user = await store.users.findById(actor.userId);
			return user ? { email: user.email, verified: Boolean(user.emailVerifiedAt) } : null;
		},

		/**
		 * E5: sends a new verification link (the older ones stop working). Signed-in and unverified only; R35 limits
		 * it per account and per address.
		 */
		async resendVerification(actor: Actor, origin: MailRequestOrigin = {}): Promise<void> {
			if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'verify_sign_in_to_resend');
			const user = await store.users.findById(actor.userId);
			if (!user) throw new DomainError('unauthenticated', 'verify_sign_in_to_resend');
			if (user.emailVerifiedAt) throw new DomainError('conflict', 'verify_already_verified');
			await limits.take('verify.resend', limitSubjectOf(actor));
			await sendVerification(user, origin);
		},

		/** E4/E7: what the verification or reset page says about its link before it is used; R36 limits look-ups. */
		async inspectLink(purpose: AccountTokenPurpose, token: unknown, origin: MailRequestOrigin = {}): Promise<LinkState> {
			// A token of the wrong shape is unknown without a look-up (and, like all input that does not parse, costs no point).
			if (typeof token !== 'string' || !SESSION_TOKEN_PATTERN.test(token)) return 'unknown';
			await limits.take('link.use', addressSubject(origin));
			return (await stateOf(token, purpose)).state;
		},

		/**
		 * E4: confirms the address the link was sent to. The link is the proof: whoever opens it, signed in or not
		 * (the person may read their mail on another device). Single use; R36 limits attempts per address.
		 */
		async verify(token: unknown, origin: MailRequestOrigin = {}): Promise<{ userId: string; email: string }> {
			const parsed = parseInput(linkTokenSchema, token);
			await limits.take('link.use', addressSubject(origin));
			const { state, record } = await stateOf(parsed, 'verify');
			if (state !== 'valid') throw linkError(state, 'verify');
			const now = clock.now().toISOString();
			const verified = await store.transaction(async (tx) => {
				if (!(await tx.accountTokens.use(record.id, now))) return null;
				return tx.users.setEmailVerified(record.userId, record.email, now);
			});
			if (verified === null) throw linkError('used', 'verify');
			if (verified) events.publish({ type: 'account.changed', userId: record.userId });
			return { userId: record.userId, email: record.email };
		},

		/**
		 * E8: sends a reset link if an account has this address, and answers the same either way (no account
		 * enumeration: same words, same status, the e-mail built off the request's path). R37 limits requests per
		 * address and per e-mail address asked about (whether it exists or not).
		 */
		async requestPasswordReset(input: unknown, origin: MailRequestOrigin = {}): Promise<void> {
			const { email } = parseInput(forgotPasswordSchema, input);
			if (origin.address) await limits.take('reset.request', addressSubject(origin));
			await limits.take('reset.request', { account: `reset:${email}` });
			const work = (async () => {
				const user = await store.users.findByEmail(email);
				if (user) await sendReset(user, origin);
			})().catch((error: unknown) => log.error({ err: error }, 'could not send a password-reset e-mail'));
			background.add(work);
			void work.finally(() => background.delete(work));
		},

		/**
		 * E10/E11: sets a new password through a reset link (single use, the sign-up rules), proves the address (E4),
		 * and ends every session of the account except the one making the change when it is the account's own; each
		 * ended session's live connections close (`session.ended`). R38 limits attempts per address.
		 */
		async resetPassword(input: unknown, origin: MailRequestOrigin = {}): Promise<{ userId: string; email: string }> {
			const { token, password } = parseInput(resetPasswordSchema, input);
			await limits.take('reset.submit', addressSubject(origin));
			await limits.take('link.use', addressSubject(origin));
			const { state, record } = await stateOf(token, 'reset');
			if (state !== 'valid') throw linkError(state, 'reset');
			const user = await store.users.findById(record.userId);
			if (!user || user.email !== record.email) throw linkError('unknown', 'reset');
			if (options.isCommonPassword(password)) {
				throw new DomainError('invalid', 'account_password_common', {}, { password: { key: 'account_password_common' } });
			}
			const localPart = user.email.split('@')[0] ?? '';
			if (localPart.length >= 4 && password.toLowerCase().includes(localPart)) {
				throw new DomainError('invalid', 'account_password_contains_email', {}, { password: { key: 'account_password_contains_email' } });
			}
			const passwordHash = await secrets.hashPassword(password);
			const now = clock.now().toISOString();
			const outcome = await store.transaction(async (tx) => {
				if (!(await tx.accountTokens.use(record.id, now))) return null;
				await tx.accountTokens.retireOthers(user.id, 'reset', now);
				await tx.users.setPasswordHash(user.id, passwordHash);
				const verified = await tx.users.setEmailVerified(user.id, user.email, now);
				const ended = await tx.sessions.deleteAllOfUser(user.id, origin.sessionKey ?? null);
				return { verified, ended };
			});
			if (!outcome) throw linkError('used', 'reset');
			for (const sessionKey of outcome.ended) events.publish({ type: 'session.ended', sessionKey });
			if (outcome.verified) events.publish({ type: 'account.changed', userId: user.id });
			log.info({ user: user.id, endedSessions: outcome.ended.length }, 'password reset by e-mail');
			return { userId: user.id, email: user.email };
		},

		/** Deletes links that expired more than a day ago; returns how many. */
		async purgeExpiredLinks(): Promise<number> {
			return store.accountTokens.deleteExpired(new Date(clock.now().getTime() - 24 * 3_600_000).toISOString());
		},

		/** Resolves once the e-mails started off the request's path are stored (tests; shutdown). */
		async idle(): Promise<void> {
			while (background.size > 0) await Promise.allSettled([...background]);
		}
	};
}

export type AccountEmailService = ReturnType<typeof createAccountEmailService>;
