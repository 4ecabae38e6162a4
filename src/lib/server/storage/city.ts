import type { Executor } from './executor';

export interface DistrictRecord {
	id: string;
	slug: string;
	name: string;
	centreLat: number;
	centreLng: number;
	geometry: string;
	approximate: boolean;
	population: number | null;
	/** JSON text, see DistrictsTable. */
	translations: string;
}

export interface TopicRecord {
	id: string;
	slug: string;
	name: string;
	/** JSON text, see TopicsTable. */
	translations: string;
	position: number;
}

export function cityRepository(db: Executor) {
	return {
		async upsertDistricts(districts: readonly DistrictRecord[]): Promise<void> {
			for (const district of districts) {
				const values = {
					id: district.id,
					slug: district.slug,
					name: district.name,
					centre_lat: district.centreLat,
					centre_lng: district.centreLng,
					geometry: district.geometry,
					approximate: district.approximate ? 1 : 0,
					population: district.population,
					translations: district.translations
				};
				await db
					.insertInto('districts')
					.values(values)
					.onConflict((conflict) =>
						conflict.column('slug').doUpdateSet({
							name: values.name,
							centre_lat: values.centre_lat,
							centre_lng: values.centre_lng,
							geometry: values.geometry,
							approximate: values.approximate,
							population: values.population,
							translations: values.translations
						})
					)
					.execute();
			}
		},
		async listDistricts(): Promise<DistrictRecord[]> {
			const rows = await db
				.selectFrom('districts')
				.select(['id', 'slug', 'name', 'centre_lat as centreLat', 'centre_lng as centreLng', 'geometry', 'approximate', 'population', 'translations'])
				.orderBy('name')
				.execute();
			return rows.map((row) => ({ ...row, approximate: row.approximate === 1 }));
		},
		/** Of these districts, the ones that ideas are placed in. */
		async districtSlugsInUse(slugs: readonly string[]): Promise<string[]> {
			if (slugs.length === 0) return [];
			const rows = await db
				.selectFrom('districts as d')
				.innerJoin('ideas as i', 'i.district_id', 'd.id')
				.select('d.slug')
				.distinct()
				.where('d.slug', 'in', slugs)
				.execute();
			return rows.map((row) => row.slug);
		},
		async deleteDistricts(slugs: readonly string[]): Promise<void> {
			if (slugs.length > 0) await db.deleteFrom('districts').where('slug', 'in', slugs).execute();
		},
		async upsertTopics(topics: readonly TopicRecord[]): Promise<void> {
			for (const topic of topics) {
				await db
					.insertInto('topics')
					.values(topic)
					.onConflict((conflict) =>
						conflict.column('slug').doUpdateSet({ name: topic.name, translations: topic.translations, position: topic.position })
					)
					.execute();
			}
		},
		async listTopics(): Promise<TopicRecord[]> {
			return db.selectFrom('topics').select(['id', 'slug', 'name', 'translations', 'position']).orderBy('position').execute();
		}
	};
}
