import { sql, type Kysely } from 'kysely';

/**
 * An idea's body as plain text beside the body itself: what full-text search indexes and what previews show, so
 * neither has to strip markup (the body becomes sanitized rich text). Bodies so far are plain text already.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('ideas').addColumn('body_text', 'text', (c) => c.notNull().defaultTo('')).execute();
	await sql`update ideas set body_text = body`.execute(db);
}
