import { monthOf, type BoardKey } from '$lib/domain/points';
import { inLocale } from '$lib/domain/projects';
import { rethrowAsHttp } from '$lib/server/http-errors';
import type { PageServerLoad } from './$types';

/** The board a page shows when `?board=` says none. */
const DEFAULT_BOARD: BoardKey = 'all';

/**
 * LB1–LB3: one board's top, chosen in the URL (`?board=all|month:YYYY-MM|project:<id>|district:<slug>`), with the
 * viewer's own standing (LB2: also when they opted out), and the projects and districts to choose a board from.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { leaderboards, projects, city } = locals.app.services;
	try {
		const board = url.searchParams.get('board') ?? DEFAULT_BOARD;
		const [view, projectList, theCity] = await Promise.all([leaderboards.board(locals.actor, { board }), projects.list(), city.get()]);
		return {
			view,
			board: view.snapshot.board,
			thisMonth: `month:${monthOf(new Date().toISOString())}` as BoardKey,
			projects: projectList.map((project) => ({ id: project.id, title: project.translations[locals.locale]?.title ?? project.title })),
			districts: theCity.districts
				.map((district) => ({ slug: district.slug, name: inLocale(district.name, district.translations, locals.locale) }))
				.sort((a, b) => a.name.localeCompare(b.name, locals.locale))
		};
	} catch (error) {
		rethrowAsHttp(error);
	}
};
