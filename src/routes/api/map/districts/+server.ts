import { rethrowAsHttp } from '$lib/server/http-errors';
import { queryOf, versionedJson } from '$lib/server/versioned-response';
import type { RequestHandler } from './$types';

const QUERY_FIELDS = ['locale', 'project', 'topic', 'status'] as const;

/** M8: the districts' outlines with their participation numbers, as GeoJSON, for the choropleth and district cards. */
export const GET: RequestHandler = async ({ locals, url, request }) => {
	try {
		const query = queryOf(url, QUERY_FIELDS);
		const { collection, version } = await locals.app.services.mapStats.districts(locals.actor, query);
		return versionedJson(request, query, version, collection, 'application/geo+json');
	} catch (error) {
		rethrowAsHttp(error);
	}
};
