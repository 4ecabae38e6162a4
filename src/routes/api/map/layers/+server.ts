import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/** M10: the city's own map layers, named in the reader's language; they change only with the config, at a restart. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const body = locals.app.services.mapLayers.list(url.searchParams.get('locale') ?? undefined);
		return json(body, { headers: { 'Cache-Control': 'no-cache' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
