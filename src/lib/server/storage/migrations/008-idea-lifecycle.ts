import { sql, type Kysely } from 'kysely';
import { paragraphsOf } from '../../../domain/rich-text';

const CONVERT_BATCH = 500;

/**
 * Issue 7's idea lifecycle: bodies become sanitized rich text (stored plain bodies turn into escaped paragraphs; their
 * plain text stays in body_text), authors edit within their project's window (I7) with every previous version kept
 * (idea_revisions), ideas can be withdrawn with a reason (I9, a soft delete kept for the audit) and marked duplicates
 * of another idea (I10).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('projects').addColumn('edit_window_minutes', 'integer', (c) => c.notNull().defaultTo(60)).execute();
	for (const column of ['edited_at', 'withdrawn_at', 'withdrawn_by', 'withdrawn_reason', 'duplicate_of', 'duplicate_marked_by', 'duplicate_marked_at']) {
		await db.schema.alterTable('ideas').addColumn(column, 'text').execute();
	}
	await db.schema.createIndex('ideas_duplicate_of').on('ideas').column('duplicate_of').execute();

	await db.schema
		.createTable('idea_revisions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('body_text', 'text', (c) => c.notNull())
		.addColumn('topic_id', 'text', (c) => c.notNull())
		.addColumn('written_at', 'text', (c) => c.notNull())
		.addColumn('replaced_at', 'text', (c) => c.notNull())
		.addColumn('replaced_by', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('idea_revisions_idea').on('idea_revisions').columns(['idea_id', 'replaced_at']).execute();

	// Bodies so far are plain text: keyset batches, so a large board converts without holding every body in memory.
	let after = '';
	for (;;) {
		const { rows } = await sql<{ id: string; body: string }>`select id, body from ideas where id > ${after} order by id limit ${CONVERT_BATCH}`.execute(db);
		if (rows.length === 0) break;
		for (const { id, body } of rows) await sql`update ideas set body = ${paragraphsOf(body)} where id = ${id}`.execute(db);
		after = rows[rows.length - 1]!.id;
	}
}
