import { redirect } from '@sveltejs/kit';
import { browseQuerySchema, type BoardView } from '$lib/domain/board';
import { packIdeas } from '$lib/domain/idea-pack';
import { boardSeed, browseQueryOf } from '$lib/server/board-seed';
import { failFromDomain, rethrowAsHttp } from '$lib/server/http-errors';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/**
 * One page of the view the URL names (B2–B7: sort, filters, search, and `cursor` for the next page without
 * JavaScript), every idea's pin for the map (B9), and the marker the page catches up from.
 */
export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
	const { services, config } = locals.app;
	try {
		const project = await services.projects.getBySlug(params.slug);
		const query = browseQueryOf(project.id, url, boardSeed(url, cookies));
		const [{ ideas, since, next, pins }, city, answerFigures, following, moderation] = await Promise.all([
			services.ideas.snapshot(locals.actor, query),
			services.city.get(),
			services.answers.figures(project.id),
			services.follows.followsProject(locals.actor, project.id),
			services.moderation.hiddenTally(project.id)
		]);
		const parsed = browseQuerySchema.parse(query);
		const view: BoardView = {
			sort: parsed.sort,
			mine: parsed.mine,
			...(parsed.topic ? { topic: parsed.topic } : {}),
			...(parsed.district ? { district: parsed.district } : {}),
			...(parsed.status ? { status: parsed.status } : {}),
			...(parsed.q?.trim() ? { q: parsed.q.trim() } : {}),
			...(url.searchParams.has('seed') && parsed.seed !== undefined ? { seed: parsed.seed } : {})
		};
		return {
			project,
			view,
			seed: parsed.seed ?? 0,
			// Set when this page is a later one (no JavaScript follows "more" by link): it offers the way back to the first.
			paged: parsed.cursor !== undefined,
			packedIdeas: packIdeas(project.id, ideas),
			next,
			pins,
			since,
			city,
			map: config.map,
			openDataLicence: config.openDataLicence,
			answerFigures,
			following,
			/** MO8: how many items are hidden, by reason (no content). */
			moderation,
			now: new Date().toISOString()
		};
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

	/** FO3 without JavaScript: follow or unfollow the project. */
	followProject: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		try {
			const project = await locals.app.services.projects.getBySlug(params.slug);
			await locals.app.services.follows.setProject(locals.actor, { projectId: project.id, following: form.get('following') === 'true' });
		} catch (error) {
			return failFromDomain(error, { action: 'followProject' });
		}
		redirect(303, localizeHref(url.pathname, { locale: locals.locale }) + url.search);
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
