import type { NotificationKind } from '../../domain/notifications';
import type { NotificationMode } from '../../domain/notification-mail';
import { m } from '../../paraglide/messages.js';

/** N2: each kind of notification, as the settings and unsubscribe pages name it. */
export const KIND_WORDS: Readonly<Record<NotificationKind, () => string>> = {
	answer: m.notif_kind_answer,
	reply: m.notif_kind_reply,
	comment: m.notif_kind_comment,
	threshold: m.notif_kind_threshold,
	moderation: m.notif_kind_moderation
};

/** N6: each e-mail mode's words. */
export const MODE_WORDS: Readonly<Record<NotificationMode, () => string>> = {
	instant: m.notif_mode_instant,
	digest: m.notif_mode_digest,
	off: m.notif_mode_off
};
