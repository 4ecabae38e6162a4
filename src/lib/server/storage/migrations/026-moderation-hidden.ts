import type { Kysely } from 'kysely';

/**
 * MO3/MO4: an idea or a comment hidden by a moderator keeps its row (its author still reads it, with the reason);
 * `hidden_at` null means shown. Every reader's query filters on it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	for (const table of ['ideas', 'comments']) {
		await db.schema.alterTable(table).addColumn('hidden_at', 'text').execute();
		await db.schema.alterTable(table).addColumn('hidden_by', 'text').execute();
		await db.schema.alterTable(table).addColumn('hidden_reason', 'text').execute();
		await db.schema.alterTable(table).addColumn('hidden_note', 'text').execute();
	}
}
