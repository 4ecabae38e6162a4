import { z } from 'zod';
import type { Bounds } from './geo';
import { idSchema } from './ideas';
import { bboxTupleSchema, MAP_MAX_ZOOM } from './map';

/**
 * M6: a map view is followed live through slippy-map tile rooms. A watch joins the rooms of the tiles its box
 * overlaps at the deepest of these zooms where that takes at most MAP_WATCH_TILES_MAX tiles; a change is offered to
 * the rooms of its tile at every one of these zooms, and only sockets whose own box holds the point receive it.
 */
export const MAP_TILE_ZOOMS = [0, 2, 4, 6, 8, 10, 12, 13, 14, 15, 16, 17, 18] as const;
/** M6: the most tile rooms one watch joins (a phone's view at any zoom takes 4 to 9). */
export const MAP_WATCH_TILES_MAX = 16;

/** What a client sends with `map:watch`: the project it shows (null: every project), its box and its zoom. */
export const mapWatchSchema = z.object(
	{
		projectId: idSchema.nullable(),
		bbox: bboxTupleSchema,
		zoom: z.number({ error: 'validation_invalid' }).int('validation_invalid').min(0, 'validation_invalid').max(MAP_MAX_ZOOM, 'validation_invalid')
	},
	{ error: 'validation_invalid' }
);

/** The changes a map follows; M7 ranks them when several of one idea fall in one window. */
export const MAP_CHANGES = ['counted', 'edited', 'created', 'withdrawn'] as const;
export type MapChange = (typeof MAP_CHANGES)[number];

/** What a watcher receives (`map:changed`): enough to refetch the visible features or patch an open card. */
export interface MapChangedPayload {
	readonly projectId: string;
	readonly ideaId: string;
	readonly change: MapChange;
	readonly lng: number;
	readonly lat: number;
}

/** One accepted watch: its box and the tiles whose rooms it joins, as `z/x/y`. */
export interface MapWatch {
	readonly projectId: string | null;
	readonly box: Bounds;
	readonly tiles: readonly string[];
}

/** Web Mercator's edge: slippy tiles stop here. */
const MERCATOR_MAX_LAT = 85.0511287798;

function tileX(lng: number, zoom: number): number {
	const n = 2 ** zoom;
	return Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
}

function tileY(lat: number, zoom: number): number {
	const n = 2 ** zoom;
	const radians = (Math.max(-MERCATOR_MAX_LAT, Math.min(MERCATOR_MAX_LAT, lat)) * Math.PI) / 180;
	const y = Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
	return Math.min(n - 1, Math.max(0, y));
}

/** The tile holding a point at one zoom, as `z/x/y`. */
export function tileOf(lng: number, lat: number, zoom: number): string {
	return `${zoom}/${tileX(lng, zoom)}/${tileY(lat, zoom)}`;
}

/** M6: the tiles a point belongs to, one per MAP_TILE_ZOOMS. */
export function tilesOfPoint(lng: number, lat: number): string[] {
	return MAP_TILE_ZOOMS.map((zoom) => tileOf(lng, lat, zoom));
}

/** M6: the tiles a box is watched through: at the deepest tile zoom where it overlaps at most MAP_WATCH_TILES_MAX. */
export function tilesOfBox(box: Bounds): string[] {
	let chosen: string[] = [tileOf(box.west, box.north, 0)];
	for (const zoom of MAP_TILE_ZOOMS) {
		const [west, east] = [tileX(box.west, zoom), tileX(box.east, zoom)];
		// Tile rows count from the north.
		const [north, south] = [tileY(box.north, zoom), tileY(box.south, zoom)];
		if ((east - west + 1) * (south - north + 1) > MAP_WATCH_TILES_MAX) break;
		chosen = [];
		for (let x = west; x <= east; x += 1) for (let y = north; y <= south; y += 1) chosen.push(`${zoom}/${x}/${y}`);
	}
	return chosen;
}

/** M6: whether a watched box shows a point (edges included). */
export function boxContains(box: Bounds, lng: number, lat: number): boolean {
	return lng >= box.west && lng <= box.east && lat >= box.south && lat <= box.north;
}
