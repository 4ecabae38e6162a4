import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

/**
 * E4: the link from the e-mail. Opening it only says whether it still works; the address is confirmed by the
 * button (a POST), so a mail scanner or a browser's prefetch that follows links cannot use it up.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		return { linkState: await locals.app.services.accountEmail.inspectLink('verify', params.token, { address: locals.actor.address }) };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

export const actions: Actions = {
	default: async ({ locals, params }) => {
		try {
			const { email } = await locals.app.services.accountEmail.verify(params.token, { address: locals.actor.address });
			return { confirmed: true, email };
		} catch (error) {
			return failFromDomain(error);
		}
	}
};
