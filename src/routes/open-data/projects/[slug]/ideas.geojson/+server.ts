import { rethrowAsHttp } from '$lib/server/http-errors';
import { openDataGeoJson } from '$lib/server/open-data-stream';
import type { RequestHandler } from './$types';

/** M11: a project's ideas as open GeoJSON, streamed (docs/API.md, "Open data"). */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const download = await locals.app.services.openData.export(locals.actor, params.slug);
		return new Response(openDataGeoJson(download, locals.app.config.publicOrigin), {
			headers: {
				'Content-Type': 'application/geo+json; charset=utf-8',
				'Content-Disposition': `attachment; filename="${download.project.slug}-ideas.geojson"`,
				'Cache-Control': 'no-cache'
			}
		});
	} catch (error) {
		rethrowAsHttp(error);
	}
};
