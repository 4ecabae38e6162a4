import { DomainError } from '$lib/domain/errors';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { services } = locals.app;
	try {
		const [project, idea] = await Promise.all([services.projects.getBySlug(params.slug), services.ideas.get(locals.actor, params.id)]);
		// An idea lives at one address: under another project's slug it is not found, rather than shown twice.
		if (idea.projectId !== project.id) throw new DomainError('not_found', 'idea_not_found');
		return { project, idea, images: await services.images.ofIdea(idea.id), now: new Date().toISOString() };
	} catch (failure) {
		rethrowAsHttp(failure);
	}
};
