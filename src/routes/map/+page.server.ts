import { loadMapPage } from '$lib/server/map-page';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { PageServerLoad } from './$types';

/** The map of every project's ideas (M13), or of one when the view's `project` names it. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { services, config } = locals.app;
	try {
		return { ...(await loadMapPage(services, locals.actor, locals.locale, url, null)), projectId: null, tiles: config.map };
	} catch (error) {
		rethrowAsHttp(error);
	}
};
