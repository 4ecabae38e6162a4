import type { Kysely } from 'kysely';
import type { Dialect } from '../schema';

/**
 * MO7: the moderation audit log, append-only: the store has an insert and reads, no update and no delete. The id
 * orders it (newest first) and pages it; `at` carries the date filters.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	await db.schema
		.createTable('moderation_audit')
		.addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('moderator_id', 'text', (c) => c.notNull())
		.addColumn('target_kind', 'text', (c) => c.notNull())
		.addColumn('target_id', 'text', (c) => c.notNull())
		.addColumn('subject_user_id', 'text')
		.addColumn('project_id', 'text')
		.addColumn('reason', 'text')
		.addColumn('note', 'text')
		.execute();
	await db.schema.createIndex('moderation_audit_at').on('moderation_audit').column('at').execute();
	await db.schema.createIndex('moderation_audit_moderator').on('moderation_audit').columns(['moderator_id', 'id']).execute();
}
