import { redirect } from '@sveltejs/kit';
import { failFromDomain } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** N4: the signed-in person's notifications (the layout loads them for the bell; this page shows them all). */
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.actor.kind !== 'user') redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent('/notifications')}`, { locale: locals.locale }));
	return {};
};

/** N5 without JavaScript: one line's facts, or every one, marked read; back to the page (303). */
export const actions: Actions = {
	read: async ({ request, locals, url }) => {
		const form = await request.formData();
		const factIds = form.getAll('factId');
		try {
			await locals.app.services.notifications.markRead(locals.actor, { factIds });
		} catch (error) {
			return failFromDomain(error, {});
		}
		redirect(303, localizeHref(url.pathname, { locale: locals.locale }));
	},
	readAll: async ({ locals, url }) => {
		try {
			await locals.app.services.notifications.markRead(locals.actor, { all: true });
		} catch (error) {
			return failFromDomain(error, {});
		}
		redirect(303, localizeHref(url.pathname, { locale: locals.locale }));
	}
};
