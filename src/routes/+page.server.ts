import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	return { projects: await locals.app.services.projects.listWithNumbers(), now: new Date().toISOString() };
};
