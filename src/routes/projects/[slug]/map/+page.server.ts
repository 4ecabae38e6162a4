import { loadMapPage } from '$lib/server/map-page';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { PageServerLoad } from './$types';

/** A project's full-page map (M13): its view from the URL and the list of its ideas in that view. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { services, config } = locals.app;
	try {
		const project = await services.projects.getBySlug(params.slug);
		return { ...(await loadMapPage(services, locals.actor, locals.locale, url, project)), projectId: project.id, tiles: config.map };
	} catch (error) {
		rethrowAsHttp(error);
	}
};
