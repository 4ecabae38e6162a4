import { z } from 'zod';
import type { DistrictGeometry } from './geo';
import { idSchema } from './ideas';
import { interfaceLocaleSchema } from './locales';
import { bboxSchema, districtFilterSchema, statusFilterSchema, topicFilterSchema, zoomSchema } from './map';

/** M8: the districts' numbers, with the list's filters (not `district`: every district answers). */
export const districtStatsQuerySchema = z.object({
	locale: interfaceLocaleSchema.default('en'),
	project: idSchema.optional(),
	topic: topicFilterSchema,
	status: statusFilterSchema
});
export type DistrictStatsQuery = z.output<typeof districtStatsQuerySchema>;

/** M9: a box, a zoom and the list's filters, as for the map's features. */
export const heatQuerySchema = z.object({
	bbox: bboxSchema,
	zoom: zoomSchema,
	project: idSchema.optional(),
	topic: topicFilterSchema,
	status: statusFilterSchema,
	district: districtFilterSchema
});
export type HeatQuery = z.output<typeof heatQuerySchema>;

/** M9: heat cells per 256-pixel tile side: a cell is 32 pixels square on the screen at the zoom asked. */
export const HEAT_CELLS_PER_TILE = 8;

/** M9: the side of a heat cell in degrees at a zoom. */
export function heatCellDegrees(zoom: number): number {
	return 360 / 2 ** zoom / HEAT_CELLS_PER_TILE;
}

/** What one district's choropleth feature says (M8). */
export interface DistrictStatsProperties {
	readonly slug: string;
	/** In the locale asked. */
	readonly name: string;
	/** Ideas placed in it (not withdrawn). */
	readonly ideas: number;
	/** Up-votes on those ideas. */
	readonly votes: number;
	/** Distinct people who posted, voted on or commented on those ideas. */
	readonly participants: number;
	readonly population: number | null;
	/** Per 1,000 inhabitants, when the population is known. */
	readonly perThousand: { readonly ideas: number; readonly votes: number } | null;
}

export interface DistrictStatsCollection {
	readonly type: 'FeatureCollection';
	readonly features: readonly {
		readonly type: 'Feature';
		readonly geometry: DistrictGeometry;
		readonly properties: DistrictStatsProperties;
	}[];
}

/** M9: support on a grid: each cell's centre and its up-votes; `max` the largest weight, for the colour scale. */
export interface HeatGrid {
	readonly cells: readonly (readonly [number, number, number])[];
	readonly max: number;
	readonly cellDegrees: number;
}

/** M8: a count per 1,000 inhabitants, to two decimals. */
export function perThousand(count: number, population: number): number {
	return Math.round((count * 100_000) / population) / 100;
}
