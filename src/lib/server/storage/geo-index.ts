import { sql, type SqlBool } from 'kysely';
import type { Bounds } from '../../domain/geo';
import type { MapFilters } from '../../domain/map';
import type { Executor } from './executor';
import type { Dialect } from './schema';

/**
 * The most candidates the R*Tree names for one box: a street-zoom view of the densest square holds a few hundred
 * ideas; a box with more is answered from its first candidates (and says it is truncated).
 */
const SQLITE_CANDIDATES_MAX = 10_000;

/** An idea as the map draws it (see IdeaPointProperties). */
export interface MapPointRecord {
	id: string;
	projectId: string;
	title: string;
	lat: number;
	lng: number;
	topic: string;
	status: string;
	upvotes: number;
	locationApproximate: number;
}

/**
 * The map's reads. The one place the dialects differ is the box: SQLite asks its R*Tree (`idea_points`), PostgreSQL
 * the GiST index on `point(lng, lat)` (migration 012); both plans are printed by bench/map.
 */
export function geoIndexRepository(db: Executor, dialect: Dialect) {
	/** With `idsGiven`, the project's own index is kept out of the plan (`+column`): the ids at hand are the fast way in. */
	const points = (filters: MapFilters, idsGiven = false) => {
		let query = db
			.selectFrom('ideas as i')
			.innerJoin('topics as t', 't.id', 'i.topic_id')
			.select([
				'i.id',
				'i.project_id as projectId',
				'i.title',
				'i.lat',
				'i.lng',
				't.slug as topic',
				'i.status',
				'i.upvotes',
				'i.location_approximate as locationApproximate'
			])
			// I9: withdrawn ideas leave the map.
			.where('i.withdrawn_at', 'is', null)
			// MO3: hidden ideas too.
			.where('i.hidden_at', 'is', null);
		if (filters.project) {
			query = idsGiven ? query.where(sql<SqlBool>`+i.project_id = ${filters.project}`) : query.where('i.project_id', '=', filters.project);
		}
		if (filters.topic) query = query.where('t.slug', '=', filters.topic);
		if (filters.status) query = query.where('i.status', '=', filters.status);
		if (filters.district) {
			const district = filters.district;
			query = query.where((eb) => eb.exists(eb.selectFrom('districts as d').select('d.id').whereRef('d.id', '=', 'i.district_id').where('d.slug', '=', district)));
		}
		return query;
	};

	return {
		/** Every idea the filters keep: what a clustered index is built from. */
		async allPoints(filters: MapFilters): Promise<MapPointRecord[]> {
			return points(filters).execute();
		},

		/**
		 * The latest time an idea the filters' project holds (any idea, without a project) was created, voted on or
		 * commented on: whether a cached map index is still current. One index lookup either way.
		 */
		async lastChange(project: string | undefined): Promise<string | null> {
			let query = db.selectFrom('ideas').select((eb) => eb.fn.max('changed_at').as('last'));
			if (project) query = query.where('project_id', '=', project);
			const row = await query.executeTakeFirst();
			return row?.last ?? null;
		},

		/** Where an idea is pinned and which project holds it (withdrawn ideas too: their pin leaves live maps). */
		async locationOf(ideaId: string): Promise<{ projectId: string; lng: number; lat: number } | null> {
			const row = await db.selectFrom('ideas').select(['project_id as projectId', 'lng', 'lat']).where('id', '=', ideaId).executeTakeFirst();
			return row ?? null;
		},

		/** The ideas the filters keep that were created after `since`: what arrived since an index was built. */
		async pointsCreatedAfter(filters: MapFilters, since: string): Promise<MapPointRecord[]> {
			return points(filters).where('i.created_at', '>', since).execute();
		},

		/** The ideas inside a box (M2), through the spatial index; at most `limit`. */
		async pointsInBox(box: Bounds, filters: MapFilters, limit: number): Promise<MapPointRecord[]> {
			const inside = (point: MapPointRecord) => point.lng >= box.west && point.lng <= box.east && point.lat >= box.south && point.lat <= box.north;
			if (dialect === 'postgres') {
				const found = await points(filters)
					.where(sql<SqlBool>`point(i.lng, i.lat) <@ box(point(${box.west}, ${box.south}), point(${box.east}, ${box.north}))`)
					.limit(limit)
					.execute();
				return found.filter(inside);
			}
			// The R*Tree first, on its own: given a box and a project, SQLite's planner would rather walk the project's
			// index. It keeps 32-bit floats rounded outwards, so it names candidates and the exact columns decide.
			const candidates = await sql<{ idea_id: string }>`select idea_id from idea_points
				where max_lng >= ${box.west} and min_lng <= ${box.east} and max_lat >= ${box.south} and min_lat <= ${box.north}
				limit ${SQLITE_CANDIDATES_MAX}`.execute(db);
			if (candidates.rows.length === 0) return [];
			const found = await points(filters, true)
				.where(
					'i.id',
					'in',
					candidates.rows.map((row) => row.idea_id)
				)
				.execute();
			return found.filter(inside).slice(0, limit);
		}
	};
}
