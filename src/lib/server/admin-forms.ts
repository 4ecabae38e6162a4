import { error, redirect } from '@sveltejs/kit';
import { consoleSectionsOf, mayOpenConsole, type ConsoleSection } from '../domain/admin';
import type { Actor, SignedInActor } from '../domain/actors';
import { m } from '../paraglide/messages.js';
import { deLocalizeHref, getLocale, localizeHref } from '../paraglide/runtime.js';

/**
 * AD2: the console's gate for pages: a guest is sent to sign in (and back), a citizen, or a staff member outside
 * `section`, gets a 403 page in their language. Only a convenience: every console write is checked by its service.
 */
export function consoleGate(actor: Actor, url: URL, section?: ConsoleSection): SignedInActor {
	if (actor.kind !== 'user') {
		const here = deLocalizeHref(url.pathname + url.search);
		redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent(here)}`));
	}
	// Admins open every part, also those their navigation leaves out (a facilitator's own projects).
	if (!mayOpenConsole(actor) || (section && actor.role !== 'admin' && !consoleSectionsOf(actor.role).includes(section))) {
		error(403, { message: m.admin_forbidden_page({}, { locale: getLocale() }), code: 'forbidden' });
	}
	return actor;
}

/** A form's text fields by name (absent or a file: ''), each cut to `max` characters for echoing back into the form. */
export function textFields<Name extends string>(form: FormData, names: readonly Name[], max = 20_000): Record<Name, string> {
	return Object.fromEntries(
		names.map((name) => {
			const value = form.get(name);
			return [name, typeof value === 'string' ? value.slice(0, max) : ''];
		})
	) as Record<Name, string>;
}
