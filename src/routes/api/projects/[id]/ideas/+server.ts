import { json } from '@sveltejs/kit';
import { boardSeed, browseQueryOf } from '$lib/server/board-seed';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/**
 * One page of a project's ideas in a view (B2–B7): `sort`, `topic`, `district`, `status`, `mine`, `q`, `seed`,
 * `cursor`, `limit`; answers `{ ideas, next }` with the caller's own votes. Pages catch up through /changes.
 */
export const GET: RequestHandler = async ({ locals, params, url, cookies }) => {
	try {
		const page = await locals.app.services.ideas.browse(locals.actor, browseQueryOf(params.id, url, boardSeed(url, cookies)));
		return json(page, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
