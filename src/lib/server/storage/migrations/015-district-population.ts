import type { Kysely } from 'kysely';

/**
 * M8: a district's inhabitants (from the district file, null when it does not say) for participation per 1,000
 * inhabitants, and its name in the other interface languages (JSON, like a topic's translations).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('districts').addColumn('population', 'integer').execute();
	await db.schema
		.alterTable('districts')
		.addColumn('translations', 'text', (column) => column.notNull().defaultTo('{}'))
		.execute();
}
