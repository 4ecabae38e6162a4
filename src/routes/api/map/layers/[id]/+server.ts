import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/** M10: one city layer's GeoJSON, as configured, with an ETag of its content. */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	try {
		const { geojson, version } = locals.app.services.mapLayers.get(params.id);
		const etag = `W/"${version}"`;
		const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'Content-Type': 'application/geo+json' };
		if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
		return new Response(geojson, { headers });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
