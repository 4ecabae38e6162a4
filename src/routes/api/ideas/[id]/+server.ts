import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/**
 * One idea as the reader sees it now (`IdeaView`, with the reader's own vote): what the map's card shows when a pin
 * is opened, since the map's GeoJSON carries only what drawing a pin needs. 404 for an unknown id, 400 for a malformed one.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const idea = await locals.app.services.ideas.get(locals.actor, params.id);
		return json(idea, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
