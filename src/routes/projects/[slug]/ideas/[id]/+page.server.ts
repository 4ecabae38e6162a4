import { DomainError } from '$lib/domain/errors';
import { commentActions, loadCommentThread } from '$lib/server/comment-forms';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { services } = locals.app;
	try {
		const [project, idea] = await Promise.all([services.projects.getBySlug(params.slug), services.ideas.get(locals.actor, params.id)]);
		// An idea lives at one address: under another project's slug it is not found, rather than shown twice.
		if (idea.projectId !== project.id) throw new DomainError('not_found', 'idea_not_found');
		const [comments, images] = await Promise.all([loadCommentThread(locals.app, locals.actor, idea.id, url), services.images.ofIdea(idea.id)]);
		return { project, idea, comments, images, now: new Date().toISOString() };
	} catch (failure) {
		rethrowAsHttp(failure);
	}
};

/** Comments without JavaScript (see comment-forms.ts). */
export const actions: Actions = { ...commentActions };
