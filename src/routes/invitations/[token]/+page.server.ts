import { redirect } from '@sveltejs/kit';
import { rethrowAsHttp, failFromDomain } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** AD10: what a staff invitation offers; a guest is asked to sign in or sign up first and comes back here. */
export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const invitation = await locals.app.services.staff.describeInvitation(params.token);
		return { invitation, returnTo: `/invitations/${params.token}` };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

export const actions: Actions = {
	/** AD10: takes the role and opens the console. */
	accept: async ({ locals, params }) => {
		try {
			await locals.app.services.staff.accept(locals.actor, params.token);
		} catch (error) {
			return failFromDomain(error);
		}
		redirect(303, localizeHref('/admin'));
	}
};
