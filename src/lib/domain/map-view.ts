import { BOARD_QUERY_MAX } from './board';
import { IDEA_STATUSES, type IdeaStatus, type IdeaView } from './ideas';

/**
 * The full-page map's view (M13): the board list's filters under the board's own URL names (`topic`, `status`,
 * `district`, `q`), `project` on the all-projects map, and how pins are coloured (`colour=status`). Pure, so the
 * server's `load` and the browser read a URL the same way.
 */
export interface MapView {
	readonly topic?: string;
	readonly status?: IdeaStatus;
	readonly district?: string;
	/** Only on the all-projects map: one project's ideas. */
	readonly project?: string;
	readonly q?: string;
	readonly colour: MapColouring;
}

export const MAP_COLOURINGS = ['topic', 'status'] as const;
export type MapColouring = (typeof MAP_COLOURINGS)[number];

/** The deepest zoom the full-page map goes to (street level; tiles exist up to 19). */
export const MAP_VIEW_MAX_ZOOM = 19;
/** Ideas per page of the map's list (its accessible equivalent); the board's JSON maximum. */
export const MAP_LIST_PAGE = 100;

/** Where a map looks: kept in the URL (`at=zoom/lat/lng`) so a reload opens the same view. */
export interface MapAt {
	readonly zoom: number;
	readonly lat: number;
	readonly lng: number;
}

const SLUG = /^[a-z0-9-]{1,60}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** M13: a URL's view; values that could not have come from the controls are dropped, never refused. */
export function mapViewOf(params: URLSearchParams): MapView {
	const slug = (name: string) => {
		const value = params.get(name);
		return value !== null && SLUG.test(value) ? value : undefined;
	};
	const status = params.get('status');
	const project = params.get('project');
	const q = params.get('q')?.trim().slice(0, BOARD_QUERY_MAX);
	return {
		...(slug('topic') ? { topic: slug('topic') } : {}),
		...((IDEA_STATUSES as readonly string[]).includes(status ?? '') ? { status: status as IdeaStatus } : {}),
		...(slug('district') ? { district: slug('district') } : {}),
		...(project !== null && ID.test(project) ? { project } : {}),
		...(q ? { q } : {}),
		colour: params.get('colour') === 'status' ? 'status' : 'topic'
	};
}

/** M13: the URL query of a view, only what differs from the default, in a fixed order so equal views share a URL. */
export function mapViewParams(view: MapView): URLSearchParams {
	const params = new URLSearchParams();
	if (view.topic) params.set('topic', view.topic);
	if (view.district) params.set('district', view.district);
	if (view.status) params.set('status', view.status);
	if (view.project) params.set('project', view.project);
	if (view.q) params.set('q', view.q);
	if (view.colour !== 'topic') params.set('colour', view.colour);
	return params;
}

/** Whether a view narrows the ideas (the colouring does not). */
export function mapViewFiltered(view: MapView): boolean {
	return Boolean(view.topic || view.status || view.district || view.project || view.q);
}

/** M13: the `at` of a URL, or null when it is missing or could not have come from a map. */
export function mapAtOf(params: URLSearchParams): MapAt | null {
	const match = /^(\d{1,2})\/(-?\d{1,2}(?:\.\d{1,6})?)\/(-?\d{1,3}(?:\.\d{1,6})?)$/.exec(params.get('at') ?? '');
	if (!match) return null;
	const [zoom, lat, lng] = [Number(match[1]), Number(match[2]), Number(match[3])];
	return zoom <= MAP_VIEW_MAX_ZOOM && Math.abs(lat) <= 85 && Math.abs(lng) <= 180 ? { zoom, lat, lng } : null;
}

/** The `at` of a view: whole zoom, 5 decimals (about a metre). */
export function formatMapAt(at: MapAt): string {
	return `${Math.round(at.zoom)}/${at.lat.toFixed(5)}/${at.lng.toFixed(5)}`;
}

/** The box a map asks the API for: west, south, east, north. */
export type Box = readonly [west: number, south: number, east: number, north: number];

/**
 * M14: the GeoJSON question of a view: the visible box grown by an eighth on each side (a small pan shows pins
 * already drawn; more would draw hundreds of markers nobody sees, which slowed panning), rounded to 4 decimals (about 10 m) so the same view asks the same URL and its ETag can answer 304, at the
 * map's whole zoom.
 */
export function geojsonQuery(view: MapView, box: Box, zoom: number, projectId: string | null): URLSearchParams {
	const [west, south, east, north] = box;
	const padX = (east - west) / 8;
	const padY = (north - south) / 8;
	const round = (value: number, limit: number) => Math.max(-limit, Math.min(limit, Math.round(value * 10_000) / 10_000));
	const params = new URLSearchParams({
		bbox: [round(west - padX, 180), round(south - padY, 85), round(east + padX, 180), round(north + padY, 85)].join(','),
		zoom: String(Math.max(0, Math.min(20, Math.floor(zoom))))
	});
	const project = projectId ?? view.project;
	if (project) params.set('project', project);
	if (view.topic) params.set('topic', view.topic);
	if (view.status) params.set('status', view.status);
	if (view.district) params.set('district', view.district);
	return params;
}

/** M17: where a cluster's click goes: the zoom it falls apart at, never past the map's deepest zoom. */
export function clusterTarget(expansionZoom: number, currentZoom: number, maxZoom: number): number {
	return Math.min(Math.max(expansionZoom, Math.floor(currentZoom) + 1), maxZoom);
}

/** A project as the map names and links it. */
export interface MapProject {
	readonly id: string;
	readonly slug: string;
	readonly title: string;
	readonly open: boolean;
}

/** One project's part of the map's list (its accessible equivalent): a page of its ideas in the view. */
export interface MapListSection {
	readonly project: MapProject;
	readonly ideas: IdeaView[];
	readonly next: string | null;
}

