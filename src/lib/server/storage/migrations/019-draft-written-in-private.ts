import type { Kysely } from 'kysely';

/**
 * D41: whether a draft has ever been private. Its versions hold what was written then (deleted text included), so a
 * draft once private keeps its history to its co-authors even after it turns public or is published. Drafts stored
 * before this migration may have been private at some time nobody recorded: they count as such (1), the safe side.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('drafts').addColumn('written_in_private', 'integer', (column) => column.notNull().defaultTo(1)).execute();
}
