import { consoleGate } from '$lib/server/admin-forms';
import type { PageServerLoad } from './$types';

/** AD4: every project, newest first, with its numbers. */
export const load: PageServerLoad = async ({ locals, url }) => {
	consoleGate(locals.actor, url, 'projects');
	return { projects: await locals.app.services.projects.listWithNumbers(), created: url.searchParams.get('created') };
};
