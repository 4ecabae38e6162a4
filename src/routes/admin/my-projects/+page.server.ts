import { consoleGate } from '$lib/server/admin-forms';
import type { PageServerLoad } from './$types';

/** AD3: the projects this facilitator runs. */
export const load: PageServerLoad = async ({ locals, url }) => {
	consoleGate(locals.actor, url, 'myProjects');
	return { projects: await locals.app.services.projects.runBy(locals.actor) };
};
