import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

/** N9: what the link would stop; a GET changes nothing (link checkers and previews open every link). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	try {
		return await locals.app.services.notificationMail.describeUnsubscribe(params.token, url.searchParams.get('kind') ?? 'all');
	} catch (error) {
		rethrowAsHttp(error);
	}
};

export const actions: Actions = {
	/** N9: the person confirms; no sign-in needed, the link is theirs. */
	default: async ({ locals, params, url }) => {
		try {
			return { done: (await locals.app.services.notificationMail.unsubscribe(params.token, url.searchParams.get('kind') ?? 'all')).scope };
		} catch (error) {
			return failFromDomain(error, {});
		}
	}
};
