import { json } from '@sveltejs/kit';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { RequestHandler } from './$types';

/**
 * B8/D20: the ideas most like a title (and body) being typed, with votes, at most 5, and the public drafts one could
 * ask to join instead, at most 3: `{ ideas, drafts }`. R14 limits the pace (the drafts come with the same look-up).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		const ideas = await locals.app.services.ideas.similar(locals.actor, {
			projectId: params.id,
			title: url.searchParams.get('title') ?? '',
			body: url.searchParams.get('body') ?? ''
		});
		const drafts = await locals.app.services.drafts.similar(locals.actor, { projectId: params.id, title: url.searchParams.get('title') ?? '' });
		return json({ ideas, drafts }, { headers: { 'Cache-Control': 'no-store' } });
	} catch (error) {
		rethrowAsHttp(error);
	}
};
