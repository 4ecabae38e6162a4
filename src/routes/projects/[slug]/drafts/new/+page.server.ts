import { redirect } from '@sveltejs/kit';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** D1: the form that starts a draft in a project; a guest is asked to sign in first. */
export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const [project, city] = await Promise.all([locals.app.services.projects.getBySlug(params.slug), locals.app.services.city.get()]);
		return { project, topics: city.topics, districts: city.districts.map(({ slug, name }) => ({ slug, name })) };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : '');

export const actions: Actions = {
	/** D1/D2: without JavaScript as with it; a place is chosen by district (its centre), the editor refines it later. */
	default: async ({ request, locals, params }) => {
		const form = await request.formData();
		const districtSlug = text(form.get('district'));
		const costText = text(form.get('cost')).trim();
		const echo = { title: text(form.get('title')).slice(0, 200), summary: text(form.get('summary')).slice(0, 1_000), topic: text(form.get('topic')).slice(0, 60), district: districtSlug.slice(0, 60), cost: costText.slice(0, 20), visibility: text(form.get('visibility')).slice(0, 10) };
		let created;
		try {
			const project = await locals.app.services.projects.getBySlug(params.slug);
			const district = districtSlug ? (await locals.app.services.city.get()).districts.find((candidate) => candidate.slug === districtSlug) : undefined;
			created = await locals.app.services.drafts.create(locals.actor, {
				projectId: project.id,
				title: form.get('title'),
				summary: form.get('summary') ?? '',
				topic: echo.topic === '' ? null : echo.topic,
				location: district ? district.centre : null,
				cost: costText === '' ? null : Number(costText.replace(/[\s.,’']/g, '')),
				visibility: form.get('visibility') ?? 'private',
				language: locals.locale
			});
		} catch (error) {
			return failFromDomain(error, echo);
		}
		redirect(303, localizeHref(`/drafts/${created.id}`, { locale: locals.locale }));
	}
};
