import { MAP_LIST_PAGE, mapAtOf, mapViewOf, type MapListSection, type MapProject, type MapView } from '../domain/map-view';
import { inLocale, type Project } from '../domain/projects';
import type { Actor } from '../domain/actors';
import type { InterfaceLocale } from '../domain/locales';
import type { MapLayerSummary } from '../domain/map-layers';
import type { Services as AppServices } from './app';

const mapProject = (project: Project, locale: InterfaceLocale): MapProject => ({
	id: project.id,
	slug: project.slug,
	title: inLocale({ title: project.title, description: project.description }, project.translations, locale).title,
	open: project.status === 'open'
});

/** The browse query of a view's list: the board's filters and search, newest first, `cursor` for the next page. */
function listQuery(projectId: string, view: MapView, cursor: string | null): Record<string, string | number> {
	return {
		projectId,
		sort: 'newest',
		limit: MAP_LIST_PAGE,
		...(view.topic ? { topic: view.topic } : {}),
		...(view.district ? { district: view.district } : {}),
		...(view.status ? { status: view.status } : {}),
		...(view.q ? { q: view.q } : {}),
		...(cursor ? { cursor } : {})
	};
}

/**
 * What a full-page map renders on the server (M13): the view and place its URL names, the city, the tile source, and
 * the list of the ideas in the view for each project shown, so the page is whole without JavaScript. `only` is the
 * project of a project's map; without it every project is shown (or the one the view's `project` names).
 */
export async function loadMapPage(
	services: AppServices,
	actor: Actor,
	locale: InterfaceLocale,
	url: URL,
	only: Project | null
): Promise<{
	view: MapView;
	at: ReturnType<typeof mapAtOf>;
	projects: MapProject[];
	sections: MapListSection[];
	city: Awaited<ReturnType<AppServices['city']['get']>>;
	layers: MapLayerSummary[];
}> {
	const view = mapViewOf(url.searchParams);
	const all = only ? [only] : await services.projects.list();
	const shown = only ? all : all.filter((project) => !view.project || project.id === view.project);
	// A later page of the list only makes sense for one project; the all-projects map links each project's own.
	const cursor = shown.length === 1 ? url.searchParams.get('cursor') : null;
	const [city, pages] = await Promise.all([
		services.city.get(),
		Promise.all(shown.map((project) => services.ideas.browse(actor, listQuery(project.id, view, cursor))))
	]);
	return {
		view,
		at: mapAtOf(url.searchParams),
		projects: all.map((project) => mapProject(project, locale)),
		sections: shown.map((project, index) => ({ project: mapProject(project, locale), ideas: pages[index]!.ideas, next: pages[index]!.next })),
		city,
		// M10: the city's own layers, named in the reader's language, for the page to offer beside its own.
		layers: services.mapLayers.list(locale).layers
	};
}
