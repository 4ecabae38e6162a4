import { error, redirect } from '@sveltejs/kit';
import { canModerate } from '../domain/moderation';
import type { Actor } from '../domain/actors';
import { m } from '../paraglide/messages.js';
import { localizeHref, type Locale } from '../paraglide/runtime.js';

/**
 * MO2/MO7: the moderation pages are for moderators and admins. A guest goes to sign in (and comes back); anyone else
 * signed in gets 403 in their language. Checked on the server, in each page's own load and actions.
 */
export function requireModeratorPage(actor: Actor, locale: Locale, path: string): void {
	if (actor.kind !== 'user') redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent(path)}`, { locale }));
	if (!canModerate(actor)) error(403, { message: actor.blocked ? m.moderation_blocked({}, { locale }) : m.moderation_forbidden({}, { locale }), code: 'forbidden' });
}

/** The log's filters as the GET form sends them; anything else in the address is ignored. */
export function auditQueryOf(url: URL): Record<string, string> {
	const query: Record<string, string> = {};
	for (const name of ['action', 'moderatorId', 'from', 'to', 'before']) {
		const value = url.searchParams.get(name);
		if (value) query[name] = value;
	}
	return query;
}
