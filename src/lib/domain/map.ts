import { z } from 'zod';
import { IDEA_STATUSES, idSchema, type IdeaStatus } from './ideas';

/**
 * M1: up to this zoom the map API answers clusters (supercluster, in memory); above it, the ideas in the box straight
 * from the database's spatial index, each one as it is now.
 */
export const CLUSTER_MAX_ZOOM = 16;
/** M1: the deepest zoom the API answers (Leaflet's default maximum is 18; street level is 17–19). */
export const MAP_MAX_ZOOM = 20;
/** M2: the most ideas one answer above CLUSTER_MAX_ZOOM carries; a box that holds more says so (`truncated`). */
export const MAP_POINTS_LIMIT = 2_000;
/**
 * The cluster radius, in pixels at the zoom asked: more than a thumb's width on a phone, and few enough markers at
 * district zoom in a dense city (~300 in a 1280 × 900 view, not ~700 at 60 px) that panning stays smooth.
 */
export const CLUSTER_RADIUS_PX = 80;

const coordinate = (min: number, max: number) => z.number().min(min).max(max);
const slug = z.string().regex(/^[a-z0-9-]{1,60}$/, 'validation_invalid');

/**
 * M3: a box is `west,south,east,north` in degrees (as RFC 7946's `bbox`), west of east and south of north: a city
 * never spans the antimeridian.
 */
export const bboxTupleSchema = z
	.tuple([coordinate(-180, 180), coordinate(-90, 90), coordinate(-180, 180), coordinate(-90, 90)], { error: 'validation_invalid' })
	.refine(([west, south, east, north]) => west < east && south < north, 'validation_invalid')
	.transform(([west, south, east, north]) => ({ west, south, east, north }));

/** M3 as a query parameter: `bbox=w,s,e,n`. */
export const bboxSchema = z
	.string({ error: 'validation_invalid' })
	.max(120, 'validation_invalid')
	.transform((text) => text.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part))))
	.pipe(bboxTupleSchema);

/** M3: a zoom as the map API takes it, from a query string. */
export const zoomSchema = z.coerce
	.number({ error: 'validation_invalid' })
	.int('validation_invalid')
	.min(0, 'validation_invalid')
	.max(MAP_MAX_ZOOM, 'validation_invalid');

/** The list's filter values (shared with the board's list). */
export const topicFilterSchema = slug.optional();
export const statusFilterSchema = z.enum(IDEA_STATUSES, { error: 'validation_invalid' }).optional();
export const districtFilterSchema = slug.optional();

/** Input of `map.features`: a box, a zoom and the list's filters (shared with the board's list: topic, status, district). */
export const mapQuerySchema = z.object({
	bbox: bboxSchema,
	zoom: zoomSchema,
	project: idSchema.optional(),
	topic: topicFilterSchema,
	status: statusFilterSchema,
	district: districtFilterSchema
});
export type MapQuery = z.output<typeof mapQuerySchema>;
export type MapFilters = Pick<MapQuery, 'project' | 'topic' | 'status' | 'district'>;

/** What a pin needs: enough to draw it, colour it by topic or status, and size a heatmap by support. */
export interface IdeaPointProperties {
	readonly kind: 'idea';
	readonly id: string;
	readonly projectId: string;
	readonly title: string;
	readonly topic: string;
	readonly status: IdeaStatus;
	/** Up-votes: the heatmap's weight. */
	readonly support: number;
	readonly approximate: boolean;
}

export interface ClusterProperties {
	readonly kind: 'cluster';
	/** Supercluster's id of the cluster, for "zoom in" (`expansionZoom`) and "list its ideas". */
	readonly clusterId: number;
	readonly count: number;
	/** Up-votes of every idea inside. */
	readonly support: number;
	/** The zoom at which the cluster falls apart. */
	readonly expansionZoom: number;
}

export interface MapFeature<Properties> {
	readonly type: 'Feature';
	readonly geometry: { readonly type: 'Point'; readonly coordinates: readonly [number, number] };
	readonly properties: Properties;
}

/** An RFC 7946 FeatureCollection of clusters and ideas, with what it was asked for. */
export interface MapFeatureCollection {
	readonly type: 'FeatureCollection';
	readonly bbox: readonly [number, number, number, number];
	readonly features: readonly MapFeature<IdeaPointProperties | ClusterProperties>[];
	readonly zoom: number;
	/** Above CLUSTER_MAX_ZOOM: the box held more than MAP_POINTS_LIMIT ideas and only that many came. */
	readonly truncated: boolean;
}

/** The filter key of a cached index: one per combination of filters a map has asked for. */
export function filterKey(filters: MapFilters): string {
	return [filters.project ?? '*', filters.topic ?? '*', filters.status ?? '*', filters.district ?? '*'].join('|');
}
