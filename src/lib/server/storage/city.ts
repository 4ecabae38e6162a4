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
	/** AD7: 1–8, or null (by position). */
	colour?: number | null;
	/** AD7: an icon name, or null (by slug). */
	icon?: string | null;
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
			return db.selectFrom('topics').select(['id', 'slug', 'name', 'translations', 'position', 'colour', 'icon']).orderBy('position').execute();
		},
		/** AD7: inserts a topic at the end of the list; false when the slug is taken. */
		async insertTopic(topic: Omit<TopicRecord, 'position'>): Promise<boolean> {
			const last = await db.selectFrom('topics').select((eb) => eb.fn.max('position').as('position')).executeTakeFirst();
			const result = await db
				.insertInto('topics')
				.values({ ...topic, colour: topic.colour ?? null, icon: topic.icon ?? null, position: Number(last?.position ?? -1) + 1 })
				.onConflict((conflict) => conflict.column('slug').doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		},
		/** AD7: false when there is no such topic. */
		async updateTopic(id: string, changes: { slug: string; name: string; translations: string; colour: number | null; icon: string | null }): Promise<boolean> {
			const result = await db.updateTable('topics').set(changes).where('id', '=', id).executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async findTopicBySlug(slug: string): Promise<{ id: string } | undefined> {
			return db.selectFrom('topics').select('id').where('slug', '=', slug).executeTakeFirst();
		},
		/** AD8: how many ideas (withdrawn ones included) and earlier versions of ideas use the topic. */
		async topicUse(id: string): Promise<number> {
			const ideas = await db.selectFrom('ideas').select((eb) => eb.fn.countAll().as('count')).where('topic_id', '=', id).executeTakeFirst();
			const revisions = await db.selectFrom('idea_revisions').select((eb) => eb.fn.countAll().as('count')).where('topic_id', '=', id).executeTakeFirst();
			return Number(ideas?.count ?? 0) + Number(revisions?.count ?? 0);
		},
		async deleteTopic(id: string): Promise<boolean> {
			const result = await db.deleteFrom('topics').where('id', '=', id).executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		},
		/** AD9: per district slug, how many ideas are placed in it (districts without ideas are absent). */
		async ideaCountsByDistrict(): Promise<{ slug: string; count: number }[]> {
			const rows = await db
				.selectFrom('districts as d')
				.innerJoin('ideas as i', 'i.district_id', 'd.id')
				.select(['d.slug', (eb) => eb.fn.countAll().as('count')])
				.groupBy('d.slug')
				.execute();
			return rows.map((row) => ({ slug: row.slug, count: Number(row.count) }));
		}
	};
}
