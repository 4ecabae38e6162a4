import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { districtGeometrySchema, voronoiDistricts, type DistrictGeometry, type LatLng } from '../domain/geo';
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

/**
 * Reads an official district file (GeoJSON FeatureCollection, `properties.name`, optional `properties.slug`,
 * `properties.population` and `properties.names: { en?, fr?, nl? }`).
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
	return parsed.data.features.map((feature) => ({
		slug: feature.properties.slug ?? slugify(feature.properties.name),
		name: feature.properties.name,
		centre: centreOf(feature.geometry),
		geometry: feature.geometry,
		approximate: false,
		population: feature.properties.population ?? null,
		translations: feature.properties.names ?? {}
	}));
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
