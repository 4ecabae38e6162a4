import { redirect } from '@sveltejs/kit';
import { draftAnswerActions } from '$lib/server/draft-forms';
import { rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** D23: my drafts, my invitations, the join requests waiting on my drafts. */
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.actor.kind !== 'user') redirect(303, localizeHref(`/signin?returnTo=${encodeURIComponent('/drafts')}`, { locale: locals.locale }));
	try {
		return { mine: await locals.app.services.drafts.mine(locals.actor) };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

export const actions: Actions = draftAnswerActions;
