import { redirect } from '@sveltejs/kit';
import { consoleGate, textFields } from '$lib/server/admin-forms';
import { PROJECT_FIELDS } from '$lib/server/admin-projects';
import { failFromDomain } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	consoleGate(locals.actor, url, 'projects');
	return {};
};

export const actions: Actions = {
	/** AD4: creates the project (the service checks that the actor is an admin), then opens it for more changes. */
	save: async ({ request, locals }) => {
		const values = textFields(await request.formData(), PROJECT_FIELDS);
		let id: string;
		try {
			id = (await locals.app.services.projects.create(locals.actor, values)).id;
		} catch (error) {
			return failFromDomain(error, { values });
		}
		redirect(303, localizeHref(`/admin/projects/${id}?created=1`));
	}
};
