import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/** B8: the ideas most like a title (and body) being typed, with votes: `{ ideas }`, at most 5. R8 limits the pace. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		const ideas = await locals.app.services.ideas.similar(locals.actor, {
			projectId: params.id,
			title: url.searchParams.get('title') ?? '',
			body: url.searchParams.get('body') ?? ''
		});
		return json({ ideas }, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
