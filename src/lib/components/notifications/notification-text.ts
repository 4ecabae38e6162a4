import type { NotificationGroup } from '../../domain/notifications';
import { formatDate } from '../../i18n/format';
import type { IdeaStatus } from '../../domain/ideas';
import { reasonLabel } from '../moderation/reasons';
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../../paraglide/runtime.js';

/** N3: one line's sentence, in the reader's language (titles stay as written; statuses in the city's words, ST9). */
export function notificationText(group: NotificationGroup, locale: Locale, statusWord: (status: IdeaStatus) => string): string {
	const title = group.ideaTitle;
	// Explicit, so an e-mail built on the server speaks the recipient's language rather than the request's.
	const options = { locale };
	const { detail } = group;
	switch (detail.kind) {
		case 'answer':
			return m.notif_answer({ department: detail.department, title, status: statusWord(detail.to) }, options);
		case 'reply':
			return group.count > 1 ? m.notif_replies({ count: group.count, title }, options) : m.notif_reply({ name: detail.name, title }, options);
		case 'comment':
			return group.count > 1 ? m.notif_comments({ count: group.count, title }, options) : m.notif_comment({ name: detail.name, title }, options);
		case 'threshold':
			return m.notif_threshold({ title, threshold: detail.threshold, due: formatDate(detail.due, locale) }, options);
		case 'moderation':
			return detail.action === 'hidden' ? m.notif_moderation_hidden({ title, reason: reasonLabel(detail.reason, locale) }, options) : m.notif_moderation_restored({ title }, options);
	}
}

/** Where a line leads: the idea, at its comments for comments and replies. */
export function notificationHref(group: NotificationGroup): string {
	const anchor = group.kind === 'comment' || group.kind === 'reply' ? '#comments' : '';
	return `/projects/${group.projectSlug}/ideas/${group.ideaId}${anchor}`;
}
