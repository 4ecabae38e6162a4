import { DomainError } from '../../domain/errors';
import { districtGeometrySchema, boundsOf, geometryContains, type LatLng } from '../../domain/geo';
import type { City, District, Topic, Translations } from '../../domain/projects';
import { readTopicTranslations, topicTranslationsSchema } from './projects';
import type { ServicePorts } from '../ports';

export interface DistrictDefinition {
	readonly slug: string;
	readonly name: string;
	readonly centre: LatLng;
	readonly geometry: unknown;
	readonly approximate: boolean;
	/** M8: inhabitants, when known. */
	readonly population?: number | null;
	readonly translations?: Translations<string>;
}

export interface TopicDefinition {
	readonly slug: string;
	readonly name: string;
	readonly translations?: Translations<string>;
}

/** The city's districts and topics change only when an operator installs them, so they are read once and cached. */
export function createCityService({ store, ids }: ServicePorts, options: { cityName: string }) {
	let cached: Promise<City> | null = null;

	async function readCity(): Promise<City> {
		const [districtRows, topicRows] = await Promise.all([store.city.listDistricts(), store.city.listTopics()]);
		const districts: District[] = districtRows.map((row) => ({
			id: row.id,
			slug: row.slug,
			name: row.name,
			centre: { lat: row.centreLat, lng: row.centreLng },
			geometry: districtGeometrySchema.parse(JSON.parse(row.geometry)),
			population: row.population === null ? null : Number(row.population),
			translations: readTopicTranslations(row.translations)
		}));
		const topics: Topic[] = topicRows.map(({ id, slug, name, translations }) => ({ id, slug, name, translations: readTopicTranslations(translations) }));
		return {
			name: options.cityName,
			bounds: boundsOf(districts.map((district) => district.geometry)),
			districtsApproximate: districtRows.some((row) => row.approximate),
			districts,
			topics
		};
	}

	function city(): Promise<City> {
		cached ??= readCity().catch((error: unknown) => {
			cached = null;
			throw error;
		});
		return cached;
	}

	return {
		get: city,

		/** G1: the district containing a point, or null when the point lies outside the city. */
		async locate(point: LatLng): Promise<District | null> {
			const { districts, bounds } = await city();
			if (point.lat < bounds.south || point.lat > bounds.north || point.lng < bounds.west || point.lng > bounds.east) return null;
			return districts.find((district) => geometryContains(district.geometry, point)) ?? null;
		},

		/**
		 * Makes the city's districts exactly `definition.districts` (matched by slug, so ideas keep theirs) and adds or
		 * updates its topics (operator tool: config file, first start). A district that leaves the map must have no
		 * ideas, or nothing changes and `conflict` names it.
		 */
		async install(definition: { districts: readonly DistrictDefinition[]; topics: readonly TopicDefinition[] }): Promise<void> {
			const existing = await city();
			const districtIds = new Map(existing.districts.map((district) => [district.slug, district.id]));
			const topicIds = new Map(existing.topics.map((topic) => [topic.slug, topic.id]));
			const kept = new Set(definition.districts.map((district) => district.slug));
			const retired = existing.districts.filter((district) => !kept.has(district.slug)).map((district) => district.slug);
			await store.transaction(async (tx) => {
				const inUse = await tx.city.districtSlugsInUse(retired);
				if (inUse.length > 0) {
					throw new DomainError('conflict', 'city_districts_in_use', { districts: inUse.join(', ') });
				}
				await tx.city.deleteDistricts(retired);
				await tx.city.upsertDistricts(
					definition.districts.map((district) => ({
						id: districtIds.get(district.slug) ?? ids.next(),
						slug: district.slug,
						name: district.name,
						centreLat: district.centre.lat,
						centreLng: district.centre.lng,
						geometry: JSON.stringify(districtGeometrySchema.parse(district.geometry)),
						approximate: district.approximate,
						population: district.population ?? null,
						translations: JSON.stringify(topicTranslationsSchema.parse(district.translations ?? {}))
					}))
				);
				await tx.city.upsertTopics(
					definition.topics.map((topic, position) => ({
						id: topicIds.get(topic.slug) ?? ids.next(),
						slug: topic.slug,
						name: topic.name,
						translations: JSON.stringify(topicTranslationsSchema.parse(topic.translations ?? {})),
						position
					}))
				);
			});
			cached = null;
		}
	};
}

export type CityService = ReturnType<typeof createCityService>;
