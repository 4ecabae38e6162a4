import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../schema';

/**
 * Issue 11's points. `point_ledger` is append-only and the only truth (PT1): an award is never changed, a later row
 * reverses it (PT9, `reverses` unique so a reversal happens once). `point_balances` is derived from it, in the same
 * transaction, per board (LB1), and can always be rebuilt from it (PT10). `point_weights` holds the admins' weights
 * (PT2); a reason without a row weighs its default. `users.points_listed` is the public-board opt-out (LB2) and
 * `users.home_district` the optional district a person lives in (BG3).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	await db.schema
		.createTable('point_ledger')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('points', 'integer', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('source_kind', 'text', (c) => c.notNull())
		.addColumn('source_id', 'text', (c) => c.notNull())
		.addColumn('idea_id', 'text', (c) => c.notNull())
		.addColumn('project_id', 'text')
		.addColumn('district_slug', 'text')
		.addColumn('counterpart_id', 'text')
		.addColumn('counterpart_district', 'text')
		.addColumn('limited_by', 'text')
		.addColumn('reverses', 'text', (c) => c.unique())
		.addColumn('cause', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('point_ledger_user').on('point_ledger').columns(['user_id', 'created_at']).execute();
	await db.schema.createIndex('point_ledger_user_reason').on('point_ledger').columns(['user_id', 'reason', 'created_at']).execute();
	// A vote's award is looked up by idea, author and voter, among every vote line of a popular idea.
	await db.schema.createIndex('point_ledger_source').on('point_ledger').columns(['source_kind', 'source_id', 'user_id', 'reason', 'counterpart_id']).execute();
	// BG3: whether a person already has support from a district.
	await db.schema.createIndex('point_ledger_supporters').on('point_ledger').columns(['user_id', 'counterpart_district']).execute();
	await db.schema.createIndex('point_ledger_idea').on('point_ledger').columns(['idea_id', 'reason']).execute();
	await db.schema
		.createTable('point_balances')
		.addColumn('board', 'text', (c) => c.notNull())
		// LB1: ties end on the user id compared byte by byte, as Redis compares members (SQLite's default already is).
		.addColumn('user_id', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('points', 'integer', (c) => c.notNull())
		// When the person reached these points: of equal points, who got there first is listed first (LB1).
		.addColumn('reached_at', 'text', (c) => c.notNull())
		.addColumn('listed', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('point_balances_pk', ['board', 'user_id'])
		.execute();
	await sql`create index point_balances_rank on point_balances (board, listed, points desc, reached_at, user_id)`.execute(db);
	await db.schema.createIndex('point_balances_user').on('point_balances').column('user_id').execute();
	await db.schema
		.createTable('point_weights')
		.addColumn('reason', 'text', (c) => c.primaryKey())
		.addColumn('points', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text')
		.execute();
	await db.schema.alterTable('users').addColumn('points_listed', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	await db.schema.alterTable('users').addColumn('home_district', 'text').execute();
}
