import { requireAdmin, topicFormSchema, DISTRICTS_FILE_MAX_BYTES } from '../../domain/admin';
import { DomainError } from '../../domain/errors';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { Actor } from '../../domain/actors';
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

/**
 * How long a node trusts its copy of the districts and topics: an admin's change on another node reaches this one
 * within this time (on the node that made it, at once).
 */
const CITY_CACHE_MS = 30_000;

/** A short fingerprint of the districts' rows (FNV-1a), so a map's ETag changes when the districts do, on every node. */
function fingerprint(parts: readonly string[]): string {
	let hash = 0x811c9dc5;
	for (const part of parts) {
		for (let index = 0; index < part.length; index++) {
			hash ^= part.charCodeAt(index);
			hash = Math.imul(hash, 0x01000193) >>> 0;
		}
	}
	return hash.toString(36);
}

/** What the console's districts upload reports: the districts now on the map. */
export interface DistrictsReplaced {
	readonly districts: number;
	readonly added: readonly string[];
	readonly removed: readonly string[];
}

/**
 * The city's districts and topics change only when an operator installs them or an admin edits them, so they are
 * read once and cached (CITY_CACHE_MS). `readDistricts` turns an uploaded file's JSON into districts (AD9).
 */
export function createCityService(
	{ store, ids, clock, limits }: ServicePorts,
	options: { cityName: string; readDistricts?: (json: unknown) => DistrictDefinition[] }
) {
	let cached: Promise<City> | null = null;
	let cachedAt = 0;

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
		const topics: Topic[] = topicRows.map(({ id, slug, name, translations, colour, icon }) => ({
			id,
			slug,
			name,
			translations: readTopicTranslations(translations),
			colour: colour ?? null,
			icon: icon ?? null
		}));
		return {
			name: options.cityName,
			version: fingerprint(districtRows.flatMap((row) => [row.id, row.slug, row.name, row.translations, String(row.geometry.length), row.geometry.slice(0, 64)])),
			bounds: boundsOf(districts.map((district) => district.geometry)),
			districtsApproximate: districtRows.some((row) => row.approximate),
			districts,
			topics
		};
	}

	function city(): Promise<City> {
		if (cached && clock.now().getTime() - cachedAt > CITY_CACHE_MS) cached = null;
		if (!cached) cachedAt = clock.now().getTime();
		cached ??= readCity().catch((error: unknown) => {
			cached = null;
			throw error;
		});
		return cached;
	}

	const service = {
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
		},

		/** AD7: creates a topic at the end of the list (admins; R41). `conflict` when the slug is taken. */
		async createTopic(actor: Actor, input: unknown): Promise<Topic> {
			requireAdmin(actor);
			await limits.take('admin.topic', limitSubjectOf(actor));
			const form = parseInput(topicFormSchema, input);
			const id = ids.next();
			const inserted = await store.city.insertTopic({ id, ...topicRecordOf(form) });
			if (!inserted) throw slugTaken();
			cached = null;
			return { id, slug: form.slug, name: form.name, translations: translationsOf(form), colour: form.colour, icon: form.icon };
		},

		/** AD7: changes a topic's slug, names, colour and icon (admins; R41). */
		async updateTopic(actor: Actor, topicId: string, input: unknown): Promise<Topic> {
			requireAdmin(actor);
			await limits.take('admin.topic', limitSubjectOf(actor));
			const form = parseInput(topicFormSchema, input);
			const existing = (await city()).topics.find((topic) => topic.id === topicId);
			if (!existing) throw new DomainError('not_found', 'admin_topic_not_found');
			const other = await store.city.findTopicBySlug(form.slug);
			if (other && other.id !== topicId) throw slugTaken();
			if (!(await store.city.updateTopic(topicId, topicRecordOf(form)))) throw new DomainError('not_found', 'admin_topic_not_found');
			cached = null;
			return { id: topicId, slug: form.slug, name: form.name, translations: translationsOf(form), colour: form.colour, icon: form.icon };
		},

		/** AD8: deletes a topic no idea uses (admins; R41); `conflict` with the number of ideas otherwise. */
		async deleteTopic(actor: Actor, topicId: string): Promise<void> {
			requireAdmin(actor);
			await limits.take('admin.topic', limitSubjectOf(actor));
			await store.transaction(async (tx) => {
				const uses = await tx.city.topicUse(topicId);
				if (uses > 0) throw new DomainError('conflict', 'admin_topic_in_use', { count: uses });
				if (!(await tx.city.deleteTopic(topicId))) throw new DomainError('not_found', 'admin_topic_not_found');
			});
			cached = null;
		},

		/** AD9: how many ideas sit in each district, for the console's districts page. */
		async ideaCountsByDistrict(actor: Actor): Promise<ReadonlyMap<string, number>> {
			requireAdmin(actor);
			return new Map((await store.city.ideaCountsByDistrict()).map((row) => [row.slug, row.count]));
		},

		/**
		 * AD9: replaces the city's districts with an uploaded GeoJSON file (its text; admins; R42). A replacement that
		 * leaves out a district ideas sit in is refused (`conflict`), naming those districts and their ideas; the
		 * districts kept (by slug) keep their ideas. The caches of this node change at once, the others' within
		 * CITY_CACHE_MS.
		 */
		async replaceDistricts(actor: Actor, fileText: unknown): Promise<DistrictsReplaced> {
			requireAdmin(actor);
			await limits.take('admin.districts', limitSubjectOf(actor));
			if (typeof fileText !== 'string' || fileText.length === 0) {
				throw new DomainError('invalid', 'admin_districts_file_required', {}, { file: { key: 'admin_districts_file_required' } });
			}
			if (fileText.length > DISTRICTS_FILE_MAX_BYTES) {
				const params = { max: Math.round(DISTRICTS_FILE_MAX_BYTES / 1024) };
				throw new DomainError('too_large', 'admin_districts_too_large', params, { file: { key: 'admin_districts_too_large', params } });
			}
			let json: unknown;
			try {
				json = JSON.parse(fileText);
			} catch {
				throw new DomainError('invalid', 'admin_districts_not_json', {}, { file: { key: 'admin_districts_not_json' } });
			}
			if (!options.readDistricts) throw new Error('the city service was built without a districts reader');
			const districts = options.readDistricts(json);
			const before = await city();
			const kept = new Set(districts.map((district) => district.slug));
			const counts = new Map((await store.city.ideaCountsByDistrict()).map((row) => [row.slug, row.count]));
			const orphaned = before.districts.filter((district) => !kept.has(district.slug) && (counts.get(district.slug) ?? 0) > 0);
			if (orphaned.length > 0) {
				const list = orphaned.map((district) => `${district.name} (${counts.get(district.slug)})`).join(', ');
				throw new DomainError('conflict', 'admin_districts_orphan', { districts: list }, { file: { key: 'admin_districts_orphan', params: { districts: list } } });
			}
			await service.install({ districts, topics: [] });
			const previous = new Set(before.districts.map((district) => district.slug));
			return {
				districts: districts.length,
				added: districts.filter((district) => !previous.has(district.slug)).map((district) => district.name),
				removed: before.districts.filter((district) => !kept.has(district.slug)).map((district) => district.name)
			};
		}
	};
	return service;
}

function slugTaken(): DomainError {
	return new DomainError('conflict', 'admin_slug_taken', {}, { slug: { key: 'admin_slug_taken' } });
}

function translationsOf(form: { nameFr?: string | undefined; nameNl?: string | undefined }): Translations<string> {
	return { ...(form.nameFr ? { fr: form.nameFr } : {}), ...(form.nameNl ? { nl: form.nameNl } : {}) };
}

function topicRecordOf(form: { slug: string; name: string; nameFr?: string | undefined; nameNl?: string | undefined; colour: number; icon: string }) {
	return { slug: form.slug, name: form.name, translations: JSON.stringify(translationsOf(form)), colour: form.colour, icon: form.icon };
}

export type CityService = ReturnType<typeof createCityService>;
