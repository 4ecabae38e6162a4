import type { Kysely } from 'kysely';

/** ST9: the city's own names (per interface language) and colours for the idea statuses; absent rows keep Agora's. */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('status_labels')
		.addColumn('status', 'text', (c) => c.primaryKey())
		// JSON `{ en, fr, nl }`, each checked by the domain before it is stored and read leniently after.
		.addColumn('names', 'text', (c) => c.notNull())
		.addColumn('colour', 'text', (c) => c.notNull())
		.addColumn('changed_at', 'text', (c) => c.notNull())
		.addColumn('changed_by', 'text', (c) => c.notNull())
		.execute();
}
