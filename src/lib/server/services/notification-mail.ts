import { requireAccount, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { CONTENT_LANGUAGES, type ContentLanguage } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import {
	DEFAULT_NOTIFICATION_MODES,
	DIGEST_EVERY_HOURS,
	DIGEST_LINES_MAX,
	INSTANT_MAILS_PER_HOUR,
	NOTIFICATION_MODES,
	notificationPreferencesSchema,
	UNSUBSCRIBE_TOKEN_PATTERN,
	unsubscribeScopeSchema,
	type NotificationMode,
	type NotificationPreferences,
	type UnsubscribeScope
} from '../../domain/notification-mail';
import { groupNotifications, NOTIFICATION_KINDS, notificationDetailSchema, type NotificationGroup, type NotificationItem, type NotificationKind } from '../../domain/notifications';
import { parseInput } from '../../domain/validation';
import type { Mailer, ServicePorts } from '../ports';
import type { MailRecipientRecord } from '../storage/notification-mail';

const HOUR_MS = 3_600_000;
/** N8: how many people one digest run looks at; the next run takes the rest. */
const DIGEST_BATCH = 500;

/** The words of a notification e-mail, chosen by the composition root (templates, the city's status names). */
export interface NotificationMails {
	instant(locale: string, params: { name: string; group: NotificationGroup; link: string; unsubscribe: string; preferences: string }): Promise<{ subject: string; text: string; html: string }>;
	digest(locale: string, params: { name: string; groups: readonly NotificationGroup[]; links: readonly string[]; unsubscribe: string; preferences: string }): Promise<{ subject: string; text: string; html: string }>;
}

function modesOf(rows: readonly { kind: string; mode: string }[]): NotificationPreferences {
	const modes: Record<NotificationKind, NotificationMode> = { ...DEFAULT_NOTIFICATION_MODES };
	for (const { kind, mode } of rows) {
		if ((NOTIFICATION_KINDS as readonly string[]).includes(kind) && (NOTIFICATION_MODES as readonly string[]).includes(mode)) modes[kind as NotificationKind] = mode as NotificationMode;
	}
	return modes;
}

const languageOf = (value: string): ContentLanguage => ((CONTENT_LANGUAGES as readonly string[]).includes(value) ? (value as ContentLanguage) : 'en');

/**
 * N6–N9: notifications by e-mail, as each person chose per kind: at once (at most INSTANT_MAILS_PER_HOUR an hour), in
 * a daily digest, or not at all; only to confirmed addresses (E1); each with a one-click unsubscribe link (RFC 8058).
 */
export function createNotificationMailService(
	{ store, clock, secrets, limits, log }: ServicePorts,
	options: { mailer: Mailer; mails: NotificationMails; publicOrigin: string }
) {
	const { mailer, mails, publicOrigin } = options;
	const localeOf = (recipient: MailRecipientRecord) => (recipient.locale === 'fr' || recipient.locale === 'nl' ? recipient.locale : 'en');
	const ideaLink = (locale: string, group: NotificationGroup) =>
		`${publicOrigin}/${locale}/projects/${group.projectSlug}/ideas/${group.ideaId}${group.kind === 'comment' || group.kind === 'reply' ? '#comments' : ''}`;

	async function linksOf(recipient: MailRecipientRecord, scope: UnsubscribeScope) {
		const token = await store.notificationMail.tokenOf(recipient.id, () => secrets.newSessionToken());
		const locale = localeOf(recipient);
		return {
			// The one-click address (RFC 8058) has no language: a mail client posts to it, and nobody reads its answer.
			oneClick: `${publicOrigin}/unsubscribe/${token}?kind=${scope}`,
			page: `${publicOrigin}/${locale}/unsubscribe/${token}?kind=${scope}`,
			preferences: `${publicOrigin}/${locale}/notifications/settings`
		};
	}

	async function send(recipient: MailRecipientRecord, kind: string, scope: UnsubscribeScope, render: (links: Awaited<ReturnType<typeof linksOf>>) => Promise<{ subject: string; text: string; html: string }>) {
		const links = await linksOf(recipient, scope);
		const mail = await render(links);
		await mailer.send({
			kind,
			to: recipient.email,
			locale: localeOf(recipient),
			...mail,
			headers: { 'List-Unsubscribe': `<${links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
		});
	}

	return {
		/** N6/N7: the instant e-mails of one fact, to those of `userIds` who want this kind at once. Never throws. */
		async instant(userIds: readonly string[], item: NotificationItem): Promise<void> {
			try {
				const recipients = (await store.notificationMail.recipients(userIds)).filter((recipient) => recipient.emailVerifiedAt !== null);
				const preferences = await store.notificationMail.preferencesOf(recipients.map((recipient) => recipient.id));
				const hour = new Date(Math.floor(clock.now().getTime() / HOUR_MS) * HOUR_MS).toISOString();
				const [group] = groupNotifications([item]);
				if (!group) return;
				for (const recipient of recipients) {
					const modes = modesOf(preferences.filter((row) => row.userId === recipient.id));
					if (modes[item.detail.kind] !== 'instant') continue;
					await store.notificationMail.tokenOf(recipient.id, () => secrets.newSessionToken());
					if (!(await store.notificationMail.takeInstant(recipient.id, hour, INSTANT_MAILS_PER_HOUR))) continue;
					await send(recipient, 'notification', item.detail.kind, (links) =>
						mails.instant(localeOf(recipient), { name: recipient.displayName, group, link: ideaLink(localeOf(recipient), group), unsubscribe: links.page, preferences: links.preferences })
					);
				}
			} catch (error) {
				log.warn({ err: error }, 'could not send notification e-mails');
			}
		},

		/**
		 * N8: one digest per person at most every DIGEST_EVERY_HOURS, listing their unread notifications of the kinds
		 * they want in a digest since their last one. A node claims each person's digest in the store first, so nodes
		 * running this side by side never send one twice. Returns how many went out.
		 */
		async sendDigests(): Promise<number> {
			const now = clock.now();
			const notBefore = new Date(now.getTime() - DIGEST_EVERY_HOURS * HOUR_MS).toISOString();
			const candidates = await store.notificationMail.digestCandidates(new Date(now.getTime() - 7 * DIGEST_EVERY_HOURS * HOUR_MS).toISOString(), DIGEST_BATCH);
			const recipients = (await store.notificationMail.recipients(candidates)).filter((recipient) => recipient.emailVerifiedAt !== null);
			const preferences = await store.notificationMail.preferencesOf(recipients.map((recipient) => recipient.id));
			let sent = 0;
			for (const recipient of recipients) {
				const modes = modesOf(preferences.filter((row) => row.userId === recipient.id));
				if (!NOTIFICATION_KINDS.some((kind) => modes[kind] === 'digest')) continue;
				await store.notificationMail.tokenOf(recipient.id, () => secrets.newSessionToken());
				const previous = await store.notificationMail.lastDigestOf(recipient.id);
				if (previous !== null && previous > notBefore) continue;
				const since = previous ?? notBefore;
				const items = (await store.notifications.listFor(recipient.id, 200))
					.filter((row) => row.readAt === null && row.createdAt > since && modes[row.kind as NotificationKind] === 'digest')
					.flatMap((row): NotificationItem[] => {
						const detail = notificationDetailSchema.safeParse(JSON.parse(row.detail));
						return detail.success
							? [{ factId: row.factId, ideaId: row.ideaId, ideaTitle: row.ideaTitle, ideaLanguage: languageOf(row.ideaLanguage), projectSlug: row.projectSlug, detail: detail.data, createdAt: row.createdAt, readAt: null }]
							: [];
					});
				if (items.length === 0) continue;
				// Claimed only when there is something to say, and only if no other node moved it meanwhile.
				if (!(await store.notificationMail.claimDigest(recipient.id, previous, now.toISOString()))) continue;
				const groups = groupNotifications(items).slice(0, DIGEST_LINES_MAX);
				if (groups.length === 0) continue;
				await send(recipient, 'digest', 'all', (links) =>
					mails.digest(localeOf(recipient), {
						name: recipient.displayName,
						groups,
						links: groups.map((group) => ideaLink(localeOf(recipient), group)),
						unsubscribe: links.page,
						preferences: links.preferences
					})
				);
				sent += 1;
			}
			return sent;
		},

		/** N6: the actor's choice per kind (the defaults where they chose nothing). */
		async preferences(actor: Actor): Promise<NotificationPreferences> {
			const person = requireAccount(actor, 'auth_sign_in_to_follow');
			return modesOf(await store.notificationMail.preferencesOf([person.userId]));
		},

		/** N6: sets the actor's mode for every kind. R29. */
		async setPreferences(actor: Actor, input: unknown): Promise<NotificationPreferences> {
			// One's own mailbox: a blocked account may turn its e-mails off too (MO6).
			const person = requireAccount(actor, 'auth_sign_in_to_follow');
			const modes = parseInput(notificationPreferencesSchema, input);
			await limits.take('notification.preferences', limitSubjectOf(actor));
			await store.notificationMail.setPreferences(person.userId, modes);
			return modes;
		},

		/** N9: what an unsubscribe link would turn off, or `not_found` for a link that is no one's. */
		async describeUnsubscribe(token: unknown, scope: unknown): Promise<{ scope: UnsubscribeScope }> {
			if (typeof token !== 'string' || !UNSUBSCRIBE_TOKEN_PATTERN.test(token) || !(await store.notificationMail.userOfToken(token))) {
				throw new DomainError('not_found', 'unsubscribe_link_invalid');
			}
			return { scope: parseInput(unsubscribeScopeSchema, scope ?? 'all') };
		},

		/** N9: the link's person gets no more e-mail of that kind (or none at all); no sign-in, as the RFC asks. */
		async unsubscribe(token: unknown, scope: unknown): Promise<{ scope: UnsubscribeScope }> {
			const parsedScope = parseInput(unsubscribeScopeSchema, scope ?? 'all');
			const userId = typeof token === 'string' && UNSUBSCRIBE_TOKEN_PATTERN.test(token) ? await store.notificationMail.userOfToken(token) : undefined;
			if (!userId) throw new DomainError('not_found', 'unsubscribe_link_invalid');
			const kinds = parsedScope === 'all' ? NOTIFICATION_KINDS : [parsedScope];
			await store.notificationMail.setPreferences(userId, Object.fromEntries(kinds.map((kind) => [kind, 'off'])));
			return { scope: parsedScope };
		}
	};
}

export type NotificationMailService = ReturnType<typeof createNotificationMailService>;
