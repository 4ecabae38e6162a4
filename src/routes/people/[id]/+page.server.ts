import { rethrowAsHttp } from '$lib/server/http-errors';
import type { PageServerLoad } from './$types';

/**
 * PT12/BG1: a person's points, badges and history (paged by `?before=`, so "older" is a plain link), and their ideas.
 * Someone who opted out shows their points to themselves only (LB2).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { points, ideas } = locals.app.services;
	try {
		const before = url.searchParams.get('before');
		const [profile, contributions] = await Promise.all([points.profile(locals.actor, { userId: params.id, before }), ideas.byAuthor(params.id)]);
		return { profile, contributions, paged: before !== null };
	} catch (error) {
		rethrowAsHttp(error);
	}
};
