import { redirect } from '@sveltejs/kit';
import { failFromDomain } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** D7: a share link asks before it adds anyone (a link preview or a prefetch must not join a draft). */
export const load: PageServerLoad = ({ params }) => ({ token: params.token });

export const actions: Actions = {
	default: async ({ locals, params }) => {
		let draft;
		try {
			draft = await locals.app.services.drafts.acceptLink(locals.actor, { token: params.token });
		} catch (error) {
			return failFromDomain(error);
		}
		redirect(303, localizeHref(`/drafts/${draft.id}`, { locale: locals.locale }));
	}
};
