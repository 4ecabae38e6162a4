import { z } from 'zod';

export interface LatLng {
	readonly lat: number;
	readonly lng: number;
}

export const latLngSchema = z.object(
	{
		lat: z.number({ error: 'idea_location_required' }).min(-90, 'idea_location_required').max(90, 'idea_location_required'),
		lng: z.number({ error: 'idea_location_required' }).min(-180, 'idea_location_required').max(180, 'idea_location_required')
	},
	{ error: 'idea_location_required' }
);

/** A GeoJSON position: [longitude, latitude]. */
export type Position = readonly [number, number];
/** A closed or open ring of positions; the closing vertex is optional. */
export type Ring = readonly Position[];

export type DistrictGeometry =
	| { readonly type: 'Polygon'; readonly coordinates: readonly Ring[] }
	| { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly Ring[])[] };

const positionSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ringSchema = z.array(positionSchema).min(4);
export const districtGeometrySchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Polygon'), coordinates: z.array(ringSchema).min(1) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ringSchema).min(1)).min(1) })
]);

export interface Bounds {
	readonly south: number;
	readonly west: number;
	readonly north: number;
	readonly east: number;
}

function ringContains(ring: Ring, point: LatLng): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i]!;
		const [xj, yj] = ring[j]!;
		const crosses = yi > point.lat !== yj > point.lat;
		if (crosses && point.lng < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

function polygonContains(rings: readonly Ring[], point: LatLng): boolean {
	const [outer, ...holes] = rings;
	if (!outer || !ringContains(outer, point)) return false;
	return !holes.some((hole) => ringContains(hole, point));
}

/** G1: whether a point lies inside a district's geometry (holes excluded). */
export function geometryContains(geometry: DistrictGeometry, point: LatLng): boolean {
	if (geometry.type === 'Polygon') return polygonContains(geometry.coordinates, point);
	return geometry.coordinates.some((polygon) => polygonContains(polygon, point));
}

export function boundsOf(geometries: readonly DistrictGeometry[]): Bounds {
	let south = Infinity;
	let west = Infinity;
	let north = -Infinity;
	let east = -Infinity;
	for (const geometry of geometries) {
		const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
		for (const polygon of polygons) {
			for (const [lng, lat] of polygon[0] ?? []) {
				south = Math.min(south, lat);
				north = Math.max(north, lat);
				west = Math.min(west, lng);
				east = Math.max(east, lng);
			}
		}
	}
	return { south, west, north, east };
}

/**
 * Keeps the part of a polygon on `site`'s side of the perpendicular bisector between `site` and `other`
 * (Sutherland–Hodgman against one half-plane). Coordinates are planar here: callers project first.
 */
function clipToNearerHalf(polygon: Position[], site: Position, other: Position): Position[] {
	const [sx, sy] = site;
	const [ox, oy] = other;
	const mx = (sx + ox) / 2;
	const my = (sy + oy) / 2;
	const dx = ox - sx;
	const dy = oy - sy;
	// Negative means nearer to `site` than to `other`.
	const side = ([x, y]: Position) => (x - mx) * dx + (y - my) * dy;
	const clipped: Position[] = [];
	for (let i = 0; i < polygon.length; i++) {
		const current = polygon[i]!;
		const previous = polygon[(i + polygon.length - 1) % polygon.length]!;
		const currentSide = side(current);
		const previousSide = side(previous);
		if (currentSide <= 0 !== previousSide <= 0) {
			const t = previousSide / (previousSide - currentSide);
			clipped.push([previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])]);
		}
		if (currentSide <= 0) clipped.push(current);
	}
	return clipped;
}

/**
 * G2: approximate districts as the Voronoi cells of their centres, clipped to the city's outline.
 * Used when a city has no official district boundaries; the result is labelled approximate wherever it is shown.
 * Distances are measured on a local equirectangular projection so cells are not stretched east–west.
 */
export function voronoiDistricts(outline: Ring, centres: readonly LatLng[]): DistrictGeometry[] {
	const meanLat = centres.reduce((sum, centre) => sum + centre.lat, 0) / Math.max(centres.length, 1);
	const xScale = Math.cos((meanLat * Math.PI) / 180);
	const project = ([lng, lat]: Position): Position => [lng * xScale, lat];
	const unproject = ([x, y]: Position): Position => [round6(x / xScale), round6(y)];
	const openOutline = isClosed(outline) ? outline.slice(0, -1) : [...outline];
	const projectedOutline = openOutline.map(project);
	const sites = centres.map(({ lat, lng }) => project([lng, lat]));

	return sites.map((site, index) => {
		let cell = projectedOutline;
		sites.forEach((other, otherIndex) => {
			if (otherIndex !== index) cell = clipToNearerHalf(cell, site, other);
		});
		const ring = cell.map(unproject);
		const first = ring[0];
		return { type: 'Polygon', coordinates: [first ? [...ring, first] : ring] };
	});
}

function isClosed(ring: Ring): boolean {
	const first = ring[0];
	const last = ring[ring.length - 1];
	return !!first && !!last && ring.length > 1 && first[0] === last[0] && first[1] === last[1];
}

function round6(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}
