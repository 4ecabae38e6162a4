import { consoleGate, textFields } from '$lib/server/admin-forms';
import { PROJECT_FIELDS, projectFormValues } from '$lib/server/admin-projects';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import type { Actions, PageServerLoad } from './$types';

/** AD4/AD3: one project's form, and the facilitators who run it with the ones who could. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	consoleGate(locals.actor, url, 'projects');
	const { projects, staff } = locals.app.services;
	try {
		const project = await projects.getById(params.id);
		const [facilitators, members] = await Promise.all([projects.facilitators(locals.actor, project.id), staff.members(locals.actor)]);
		const assigned = new Set(facilitators.map((facilitator) => facilitator.userId));
		return {
			project,
			values: projectFormValues(project),
			facilitators,
			candidates: members.filter((member) => member.role === 'facilitator' && !assigned.has(member.userId)).map(({ userId, displayName }) => ({ userId, displayName })),
			created: url.searchParams.has('created')
		};
	} catch (error) {
		rethrowAsHttp(error);
	}
};

export const actions: Actions = {
	/** AD4/AD5: saves the form (the service checks the admin). */
	save: async ({ request, locals, params }) => {
		const values = textFields(await request.formData(), PROJECT_FIELDS);
		try {
			await locals.app.services.projects.update(locals.actor, params.id, values);
		} catch (error) {
			return failFromDomain(error, { values });
		}
		return { saved: true };
	},
	/** AD3: a facilitator starts running the project. */
	assign: async ({ request, locals, params }) => {
		const { userId } = textFields(await request.formData(), ['userId'], 64);
		try {
			await locals.app.services.projects.setFacilitator(locals.actor, { projectId: params.id, userId, assigned: true });
		} catch (error) {
			return failFromDomain(error, { facilitator: true });
		}
		return { facilitatorSaved: true };
	},
	/** AD3: a facilitator stops running the project. */
	unassign: async ({ request, locals, params }) => {
		const { userId } = textFields(await request.formData(), ['userId'], 64);
		try {
			await locals.app.services.projects.setFacilitator(locals.actor, { projectId: params.id, userId, assigned: false });
		} catch (error) {
			return failFromDomain(error, { facilitator: true });
		}
		return { facilitatorSaved: true };
	}
};
