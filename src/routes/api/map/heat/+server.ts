import { rethrowAsHttp } from '$lib/server/http-errors';
import { queryOf, versionedJson } from '$lib/server/versioned-response';
import type { RequestHandler } from './$types';

const QUERY_FIELDS = ['bbox', 'zoom', 'project', 'topic', 'status', 'district'] as const;

/** M9: support (up-votes) on a grid sized for the zoom, for the heatmap layer. */
export const GET: RequestHandler = async ({ locals, url, request }) => {
	try {
		const query = queryOf(url, QUERY_FIELDS);
		const { grid, version } = await locals.app.services.mapStats.heat(locals.actor, query);
		return versionedJson(request, query, version, grid);
	} catch (error) {
		rethrowAsHttp(error);
	}
};
