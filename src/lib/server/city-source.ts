import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DISTRICT_VERTICES_MAX, DISTRICTS_MAX, DISTRICTS_MAX_SPAN_DEGREES } from '../domain/admin';
import { DomainError } from '../domain/errors';
import { boundsOf, districtGeometrySchema, voronoiDistricts, type DistrictGeometry, type LatLng } from '../domain/geo';
import { BRUSSELS_MUNICIPALITIES, BRUSSELS_OUTLINE } from './demo/brussels';
import type { DistrictDefinition, TopicDefinition } from './services/city';
import { topicTranslationsSchema } from './services/projects';

const featureCollectionSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z
		.array(
			z.object({
				type: z.literal('Feature'),
				properties: z.object({
					name: z.string().min(1).max(100),
					slug: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
					/** M8: inhabitants, for participation per 1,000 inhabitants. */
					population: z.number().int().positive().nullable().optional(),
					/** L3: the name in the interface languages, when it differs from `name`. */
					names: topicTranslationsSchema.optional()
				}),
				geometry: districtGeometrySchema
			})
		)
		.min(1)
});

export function slugify(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
}

/** The mean of a geometry's outer-ring vertices: good enough to centre a label or a map on a district. */
function centreOf(geometry: DistrictGeometry): LatLng {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	const vertices = polygons.flatMap((polygon) => polygon[0] ?? []);
	const lng = vertices.reduce((sum, [x]) => sum + x, 0) / vertices.length;
	const lat = vertices.reduce((sum, [, y]) => sum + y, 0) / vertices.length;
	return { lat, lng };
}

const vertexCount = (geometry: DistrictGeometry) =>
	(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).reduce(
		(sum, polygon) => sum + polygon.reduce((ringSum, ring) => ringSum + ring.length, 0),
		0
	);

/**
 * AD9: a district file's content as the city's districts, or `invalid` naming the first problem (`file` field):
 * a GeoJSON FeatureCollection of named Polygons or MultiPolygons, at most DISTRICTS_MAX districts and
 * DISTRICT_VERTICES_MAX vertices, closed rings, distinct slugs and names, spanning at most DISTRICTS_MAX_SPAN_DEGREES
 * each way. `properties`: `name`, optional `slug`, `population` and `names: { en?, fr?, nl? }`.
 */
export function districtsFromGeoJson(json: unknown): DistrictDefinition[] {
	const refuse = (key: 'admin_districts_not_geojson' | 'admin_districts_too_many' | 'admin_districts_duplicate' | 'admin_districts_out_of_bounds' | 'admin_districts_ring_open', params: Record<string, string | number> = {}): never => {
		throw new DomainError('invalid', key, params, { file: { key, params } });
	};
	const parsed = featureCollectionSchema.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return refuse('admin_districts_not_geojson', { where: issue ? issue.path.join('.') || '(top)' : '(top)' });
	}
	const features = parsed.data.features;
	if (features.length > DISTRICTS_MAX) refuse('admin_districts_too_many', { max: DISTRICTS_MAX });
	if (features.reduce((sum, feature) => sum + vertexCount(feature.geometry), 0) > DISTRICT_VERTICES_MAX) {
		refuse('admin_districts_too_many', { max: DISTRICTS_MAX });
	}
	const districts = features.map((feature) => ({
		slug: feature.properties.slug ?? slugify(feature.properties.name),
		name: feature.properties.name.trim(),
		centre: centreOf(feature.geometry),
		geometry: feature.geometry,
		approximate: false,
		population: feature.properties.population ?? null,
		translations: feature.properties.names ?? {}
	}));
	for (const feature of features) {
		const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
		for (const ring of polygons.flat()) {
			const [first, last] = [ring[0]!, ring[ring.length - 1]!];
			if (first[0] !== last[0] || first[1] !== last[1]) refuse('admin_districts_ring_open', { name: feature.properties.name });
		}
	}
	const seen = new Set<string>();
	for (const district of districts) {
		if (!district.slug) refuse('admin_districts_not_geojson', { where: district.name });
		for (const key of [`slug:${district.slug}`, `name:${district.name.toLowerCase()}`]) {
			if (seen.has(key)) refuse('admin_districts_duplicate', { name: district.name });
			seen.add(key);
		}
	}
	const bounds = boundsOf(districts.map((district) => district.geometry));
	if (bounds.north - bounds.south > DISTRICTS_MAX_SPAN_DEGREES || bounds.east - bounds.west > DISTRICTS_MAX_SPAN_DEGREES) {
		refuse('admin_districts_out_of_bounds', { max: DISTRICTS_MAX_SPAN_DEGREES });
	}
	return districts;
}

/**
 * Reads an official district file (see districtsFromGeoJson) at start; a problem stops the start, naming
 * CITY_DISTRICTS_FILE.
 */
export async function readDistrictFile(path: string): Promise<DistrictDefinition[]> {
	let json: unknown;
	try {
		json = JSON.parse(await readFile(path, 'utf8'));
	} catch (error) {
		throw new Error(`CITY_DISTRICTS_FILE: cannot read ${path} as JSON (${(error as Error).message})`, { cause: error });
	}
	const parsed = featureCollectionSchema.safeParse(json);
	if (!parsed.success) throw new Error(`CITY_DISTRICTS_FILE: ${path} is not a FeatureCollection of named polygons: ${parsed.error.message}`);
	try {
		return districtsFromGeoJson(json);
	} catch (error) {
		const params = (error as DomainError).params ?? {};
		throw new Error(`CITY_DISTRICTS_FILE: ${path}: ${(error as DomainError).key} ${JSON.stringify(params)}`, { cause: error });
	}
}

/** "Ixelles / Elsene": French first, Dutch second; English speakers read both, as the street signs show them. */
function bilingualNames(name: string): { fr?: string; nl?: string } {
	const [french, dutch] = name.split(' / ');
	return dutch ? { fr: french!, nl: dutch } : {};
}

/** Brussels' 19 municipalities as Voronoi cells of their centres inside an approximate regional outline (G2). */
export function approximateBrusselsDistricts(): DistrictDefinition[] {
	const cells = voronoiDistricts(BRUSSELS_OUTLINE, BRUSSELS_MUNICIPALITIES.map((municipality) => municipality.center));
	return BRUSSELS_MUNICIPALITIES.map((municipality, index) => ({
		slug: municipality.slug,
		name: municipality.name,
		centre: municipality.center,
		geometry: cells[index]!,
		approximate: true,
		population: municipality.population ?? null,
		translations: bilingualNames(municipality.name)
	}));
}

/** The topics every city starts with (the demo corpus writes ideas for each of them). */
export const DEFAULT_TOPICS: readonly TopicDefinition[] = [
	{ slug: 'mobility', name: 'Mobility', translations: { fr: 'Mobilité', nl: 'Mobiliteit' } },
	{ slug: 'green-spaces', name: 'Green spaces', translations: { fr: 'Espaces verts', nl: 'Groene ruimte' } },
	{ slug: 'safety', name: 'Safety', translations: { fr: 'Sécurité', nl: 'Veiligheid' } },
	{ slug: 'culture', name: 'Culture', translations: { fr: 'Culture', nl: 'Cultuur' } },
	{ slug: 'housing', name: 'Housing', translations: { fr: 'Logement', nl: 'Wonen' } },
	{ slug: 'environment', name: 'Environment', translations: { fr: 'Environnement', nl: 'Milieu' } },
	{ slug: 'public-space', name: 'Public space', translations: { fr: 'Espace public', nl: 'Openbare ruimte' } },
	{ slug: 'youth-sport', name: 'Youth & sport', translations: { fr: 'Jeunesse & sport', nl: 'Jeugd & sport' } }
];
