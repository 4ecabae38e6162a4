import { sql } from 'kysely';
import type { MapFilters } from '../../domain/map';
import type { Executor } from './executor';

/** One district's numbers as the database counts them (M8). */
export interface DistrictNumbersRecord {
	districtId: string;
	ideas: number;
	votes: number;
	participants: number;
}

/**
 * M8: ideas, up-votes and participants per district in one pass over the ideas the filters keep; both dialects run
 * the same SQL (no geometry: an idea knows its district). Withdrawn ideas do not count (I9).
 */
export function mapStatsRepository(db: Executor) {
	const kept = (filters: Omit<MapFilters, 'district'>) => {
		let query = db.selectFrom('ideas as i').where('i.withdrawn_at', 'is', null).where('i.hidden_at', 'is', null);
		if (filters.project) query = query.where('i.project_id', '=', filters.project);
		if (filters.status) query = query.where('i.status', '=', filters.status);
		if (filters.topic) {
			const topic = filters.topic;
			query = query.where((eb) => eb.exists(eb.selectFrom('topics as t').select('t.id').whereRef('t.id', '=', 'i.topic_id').where('t.slug', '=', topic)));
		}
		return query;
	};

	return {
		async districtNumbers(filters: Omit<MapFilters, 'district'>): Promise<DistrictNumbersRecord[]> {
			const counts = await kept(filters)
				.select(['i.district_id as districtId', sql<number>`count(*)`.as('ideas'), sql<number>`coalesce(sum(i.upvotes), 0)`.as('votes')])
				.groupBy('i.district_id')
				.execute();
			const people = await db
				.selectFrom(
					kept(filters)
						.select(['i.district_id', 'i.author_id as user_id'])
						.union(kept(filters).innerJoin('votes as v', 'v.idea_id', 'i.id').select(['i.district_id', 'v.user_id']))
						.union(kept(filters).innerJoin('comments as c', 'c.idea_id', 'i.id').select(['i.district_id', 'c.author_id as user_id']))
						.as('people')
				)
				.select(['district_id as districtId', sql<number>`count(distinct user_id)`.as('participants')])
				.groupBy('district_id')
				.execute();
			const participants = new Map(people.map((row) => [row.districtId, Number(row.participants)]));
			return counts.map((row) => ({
				districtId: row.districtId,
				ideas: Number(row.ideas),
				votes: Number(row.votes),
				participants: participants.get(row.districtId) ?? 0
			}));
		}
	};
}
