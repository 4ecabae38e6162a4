import { redirect } from '@sveltejs/kit';
import { NOTIFICATION_KINDS } from '$lib/domain/notifications';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** N6: the signed-in person's e-mail choice per kind. */
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.actor.kind !== 'user') redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent('/notifications/settings')}`, { locale: locals.locale }));
	try {
		return { modes: await locals.app.services.notificationMail.preferences(locals.actor) };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const input = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, form.get(kind)]));
		try {
			await locals.app.services.notificationMail.setPreferences(locals.actor, input);
			return { saved: true };
		} catch (error) {
			return failFromDomain(error, {});
		}
	}
};
