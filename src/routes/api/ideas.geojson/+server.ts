import { rethrowAsHttp } from '$lib/server/http-errors';
import { queryOf, versionedJson } from '$lib/server/versioned-response';
import type { RequestHandler } from './$types';

const QUERY_FIELDS = ['bbox', 'zoom', 'project', 'topic', 'status', 'district'] as const;

/**
 * The map's clusters and ideas as RFC 7946 GeoJSON (M1–M3). The ETag names the data version and the question, so a
 * map that pans back to a view it saw, with nothing new since, gets a 304; a new idea or vote changes the version.
 */
export const GET: RequestHandler = async ({ locals, url, request }) => {
	try {
		const query = queryOf(url, QUERY_FIELDS);
		const { collection, version } = await locals.app.services.map.features(locals.actor, query);
		return versionedJson(request, query, version, collection, 'application/geo+json');
	} catch (error) {
		rethrowAsHttp(error);
	}
};
