import { packIdeas } from '$lib/domain/idea-pack';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { services, config } = locals.app;
	try {
		const project = await services.projects.getBySlug(params.slug);
		const [{ ideas, since }, city] = await Promise.all([services.ideas.snapshot(locals.actor, project.id), services.city.get()]);
		return { project, packedIdeas: packIdeas(project.id, ideas), since, city, map: config.map };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

/** The no-JavaScript vote form names the pressed button `choice`; anything else reaches the service as-is and fails its parse. */
const CHOICE_VALUES = new Map<unknown, 1 | -1>([
	['up', 1],
	['down', -1]
]);

export const actions: Actions = {
	vote: async ({ request, locals }) => {
		const form = await request.formData();
		const ideaId = form.get('ideaId');
		const choice = form.get('choice');
		const { votes } = locals.app.services;
		try {
			const voted =
				choice === 'withdraw'
					? await votes.withdraw(locals.actor, { ideaId })
					: await votes.cast(locals.actor, { ideaId, value: CHOICE_VALUES.get(choice) ?? choice });
			return { voted };
		} catch (error) {
			return failFromDomain(error, { ideaId: typeof ideaId === 'string' ? ideaId.slice(0, 64) : null });
		}
	}
};
