import { sql, type Kysely } from 'kysely';

/**
 * MO1/MO2: reports on ideas and comments. A report stays open until a moderator hides the item or dismisses its
 * reports (`resolved_at`, `resolution`). One open report per person per item is the database's rule too (a partial
 * unique index, in both dialects); the queue reads the open ones through their own partial index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('moderation_reports')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('target_kind', 'text', (c) => c.notNull())
		.addColumn('target_id', 'text', (c) => c.notNull())
		.addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull())
		.addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('note', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('resolved_at', 'text')
		.addColumn('resolution', 'text')
		.addColumn('resolved_by', 'text')
		.execute();
	await db.schema
		.createIndex('moderation_reports_one_open')
		.on('moderation_reports')
		.columns(['target_kind', 'target_id', 'reporter_id'])
		.unique()
		.where(sql.ref('resolved_at'), 'is', null)
		.execute();
	await db.schema
		.createIndex('moderation_reports_open')
		.on('moderation_reports')
		.columns(['target_kind', 'target_id', 'created_at'])
		.where(sql.ref('resolved_at'), 'is', null)
		.execute();
}
