import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../schema';

/**
 * M2: a spatial index over ideas' points, for the map's boxes at street zoom. SQLite: an R*Tree kept by triggers
 * (a point is a box of size zero); PostgreSQL: a GiST index on `point(lng, lat)`, which the box query uses as is.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	// The map's freshness check across every project: the latest change of any idea.
	await db.schema.createIndex('ideas_changed').on('ideas').column('changed_at').execute();
	// What arrived since an index of every project was built.
	await db.schema.createIndex('ideas_created').on('ideas').column('created_at').execute();
	if (dialect === 'postgres') {
		await sql`create index ideas_point on ideas using gist (point(lng, lat))`.execute(db);
		return;
	}
	await sql`create virtual table idea_points using rtree(id, min_lng, max_lng, min_lat, max_lat, +idea_id text)`.execute(db);
	await sql`insert into idea_points (min_lng, max_lng, min_lat, max_lat, idea_id) select lng, lng, lat, lat, id from ideas`.execute(db);
	await sql`create trigger idea_points_insert after insert on ideas begin
		insert into idea_points (min_lng, max_lng, min_lat, max_lat, idea_id) values (new.lng, new.lng, new.lat, new.lat, new.id);
	end`.execute(db);
	await sql`create trigger idea_points_move after update of lat, lng on ideas begin
		update idea_points set min_lng = new.lng, max_lng = new.lng, min_lat = new.lat, max_lat = new.lat where idea_id = new.id;
	end`.execute(db);
	await sql`create trigger idea_points_delete after delete on ideas begin
		delete from idea_points where idea_id = old.id;
	end`.execute(db);
}
