import { redirect } from '@sveltejs/kit';
import { packIdeas } from '$lib/domain/idea-pack';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { services, config } = locals.app;
	try {
		const project = await services.projects.getBySlug(params.slug);
		const [{ ideas, since }, city] = await Promise.all([services.ideas.snapshot(locals.actor, project.id), services.city.get()]);
		return { project, packedIdeas: packIdeas(project.id, ideas), since, city, map: config.map, now: new Date().toISOString() };
	} catch (error) {
		rethrowAsHttp(error);
	}
};

/** The no-JavaScript vote form names the pressed button `choice`; anything else reaches the service as-is and fails its parse. */
const CHOICE_VALUES = new Map<unknown, 1 | -1>([
	['up', 1],
	['down', -1]
]);

const text = (value: FormDataEntryValue | null, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

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
			return failFromDomain(error, { ideaId: text(ideaId, 64) });
		}
	},

	/**
	 * I5: posting without JavaScript (or without the map): a district instead of a pin. With JavaScript the page posts
	 * over its live connection instead; both reach `ideas.create`. Success lands on the new idea.
	 */
	post: async ({ request, locals, url }) => {
		const form = await request.formData();
		const lat = Number(form.get('lat'));
		const lng = Number(form.get('lng'));
		const pinned = form.get('lat') !== null && form.get('lat') !== '' && Number.isFinite(lat) && Number.isFinite(lng);
		const district = form.get('district');
		const input = {
			projectId: form.get('projectId'),
			title: form.get('title'),
			body: form.get('body'),
			topic: form.get('topic'),
			language: form.get('language') ?? undefined,
			idempotencyKey: form.get('idempotencyKey') ?? undefined,
			...(pinned ? { location: { lat, lng } } : {}),
			...(typeof district === 'string' && district !== '' ? { district } : {})
		};
		let created;
		try {
			created = await locals.app.services.ideas.create(locals.actor, input);
		} catch (error) {
			return failFromDomain(error, {
				posting: true,
				title: text(input.title, 200),
				body: text(input.body, 6_000),
				topic: text(input.topic, 60),
				language: text(form.get('language'), 8),
				district: text(district, 60)
			});
		}
		redirect(303, `${localizeHref(url.pathname, { locale: locals.locale })}#idea-${created.id}`);
	}
};
