import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/** What changed in a project since a page's marker, with the caller's own votes: how a page catches up after a drop. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		const changes = await locals.app.services.ideas.changesSince(locals.actor, { projectId: params.id, since: url.searchParams.get('since') });
		return json(changes, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
