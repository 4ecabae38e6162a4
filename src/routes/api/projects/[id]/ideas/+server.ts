import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/** Every idea of a project with the caller's own votes, for clients other than the pages (they catch up through /changes). */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const ideas = await locals.app.services.ideas.list(locals.actor, params.id);
		return json({ ideas }, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
