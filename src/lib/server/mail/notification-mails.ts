import type { NotificationGroup } from '../../domain/notifications';
import type { StatusLabels } from '../../domain/statuses';
import { notificationText } from '../../components/notifications/notification-text';
import { statusWord } from '../../components/idea/status-words';
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../../paraglide/runtime.js';
import { layout, type RenderedMail } from './templates';

/** N6: one notification by e-mail, its line as the bell words it, with the way to the idea and out of these e-mails. */
export function instantNotificationMail(
	locale: Locale,
	params: { city: string; name: string; group: NotificationGroup; link: string; unsubscribe: string; preferences: string; labels: StatusLabels }
): RenderedMail {
	const options = { locale };
	const line = notificationText(params.group, locale, (status) => statusWord(status, params.labels, locale));
	return layout(
		{
			subject: line,
			greeting: m.mail_greeting({ name: params.name }, options),
			paragraphs: [line],
			action: { label: m.mail_notification_open({}, options), url: params.link },
			footer: [
				m.mail_notification_why({ city: params.city }, options),
				m.mail_notification_unsubscribe({ link: params.unsubscribe }, options),
				m.mail_notification_preferences({ link: params.preferences }, options)
			]
		},
		locale
	);
}

/** N8: the daily digest: each unread line since the last one, with its link. */
export function digestMail(
	locale: Locale,
	params: { city: string; name: string; groups: readonly NotificationGroup[]; links: readonly string[]; unsubscribe: string; preferences: string; labels: StatusLabels }
): RenderedMail {
	const options = { locale };
	const lines = params.groups.map((group, index) => `${notificationText(group, locale, (status) => statusWord(status, params.labels, locale))}\n${params.links[index]}`);
	return layout(
		{
			subject: m.mail_digest_subject({ count: params.groups.length, city: params.city }, options),
			greeting: m.mail_greeting({ name: params.name }, options),
			paragraphs: [m.mail_digest_intro({ city: params.city }, options), ...lines],
			action: { label: m.mail_digest_open({}, options), url: params.preferences.replace(/\/settings$/, '') },
			footer: [
				m.mail_notification_why({ city: params.city }, options),
				m.mail_notification_unsubscribe_all({ link: params.unsubscribe }, options),
				m.mail_notification_preferences({ link: params.preferences }, options)
			]
		},
		locale
	);
}
