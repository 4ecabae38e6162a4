import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/** MO8: a project's public moderation figures: items hidden now, by reason; no content. */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await locals.app.services.moderation.hiddenTally(params.id), { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
