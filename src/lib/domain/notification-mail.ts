import { z } from 'zod';
import { NOTIFICATION_KINDS, type NotificationKind } from './notifications';

/** N6: how a person wants each kind of notification by e-mail: at once, in a daily digest, or not at all. */
export const NOTIFICATION_MODES = ['instant', 'digest', 'off'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];
export type NotificationPreferences = Readonly<Record<NotificationKind, NotificationMode>>;

/**
 * N6: until a person chooses: the city's answers, replies, thresholds and moderation decisions at once (they are
 * about oneself or what one asked to follow, and rare); other people's comments once a day (they are many).
 */
export const DEFAULT_NOTIFICATION_MODES: NotificationPreferences = {
	answer: 'instant',
	reply: 'instant',
	comment: 'digest',
	threshold: 'instant',
	moderation: 'instant'
};

/** N7: at most this many instant e-mails reach one person in an hour; the rest wait for the digest. */
export const INSTANT_MAILS_PER_HOUR = 10;
/** N8: a digest goes out at most once in this many hours per person, with what they have not read since the last. */
export const DIGEST_EVERY_HOURS = 24;
/** N8: the most lines a digest lists (the newest); the page has the rest. */
export const DIGEST_LINES_MAX = 30;

/** Input of `notificationMail.setPreferences` (N6): a mode for every kind. */
export const notificationPreferencesSchema = z.object(
	Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.enum(NOTIFICATION_MODES, { error: 'validation_invalid' })])) as Record<
		NotificationKind,
		z.ZodEnum<{ instant: 'instant'; digest: 'digest'; off: 'off' }>
	>
);

/** N9: what one unsubscribe link turns off: one kind, or every notification e-mail. */
export const unsubscribeScopeSchema = z.enum([...NOTIFICATION_KINDS, 'all'], { error: 'validation_invalid' });
export type UnsubscribeScope = z.infer<typeof unsubscribeScopeSchema>;

/** The link token's shape (256 random bits, base64url): anything else is not looked up. */
export const UNSUBSCRIBE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
