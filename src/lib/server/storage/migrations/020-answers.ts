import type { Kysely } from 'kysely';

/**
 * Issue 8's city answer: every status change (or answer without one) is an official response kept forever
 * (`idea_answers`, ST3); an idea remembers when it was first answered (the "needs an answer" view and the median,
 * ST6) and when it crossed its project's support threshold (ST7); a project may set that threshold and the days the
 * city gives itself to answer (ST7).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('idea_answers')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('status_from', 'text', (c) => c.notNull())
		.addColumn('status_to', 'text', (c) => c.notNull())
		.addColumn('department', 'text', (c) => c.notNull())
		.addColumn('message', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('staff_id', 'text', (c) => c.notNull().references('users.id'))
		// The name as signed: a later change of display name does not rewrite what the city said.
		.addColumn('staff_name', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('idea_answers_idea').on('idea_answers').columns(['idea_id', 'created_at']).execute();
	await db.schema.alterTable('ideas').addColumn('first_answered_at', 'text').execute();
	await db.schema.alterTable('ideas').addColumn('threshold_reached_at', 'text').execute();
	await db.schema.createIndex('ideas_waiting_answer').on('ideas').columns(['first_answered_at', 'created_at']).execute();
	await db.schema.alterTable('projects').addColumn('support_threshold', 'integer').execute();
	await db.schema.alterTable('projects').addColumn('answer_days', 'integer').execute();
}
