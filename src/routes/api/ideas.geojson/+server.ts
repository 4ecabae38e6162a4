import { createHash } from 'node:crypto';
import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

const QUERY_FIELDS = ['bbox', 'zoom', 'project', 'topic', 'status', 'district'] as const;

/**
 * The map's clusters and ideas as RFC 7946 GeoJSON (M1–M3). The ETag names the data version and the question, so a
 * map that pans back to a view it saw, with nothing new since, gets a 304; a new idea or vote changes the version.
 */
export const GET: RequestHandler = async ({ locals, url, request }) => {
	try {
		const query = Object.fromEntries(QUERY_FIELDS.flatMap((field) => (url.searchParams.has(field) ? [[field, url.searchParams.get(field)]] : [])));
		const { collection, version } = await locals.app.services.map.features(locals.actor, query);
		const etag = `W/"${createHash('sha256').update(version).update(JSON.stringify(query)).digest('base64url').slice(0, 27)}"`;
		const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'Content-Type': 'application/geo+json' };
		if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
		return json(collection, { headers });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
