import { sql, type Kysely } from 'kysely';

/**
 * When an idea's counts last changed (created, voted on, commented on), indexed per project: a page that was away
 * asks for what changed since it rendered instead of reloading every idea. Existing ideas start at their creation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('ideas').addColumn('changed_at', 'text', (c) => c.notNull().defaultTo('')).execute();
	await sql`update ideas set changed_at = created_at`.execute(db);
	await db.schema.createIndex('ideas_project_changed').on('ideas').columns(['project_id', 'changed_at']).execute();
}
