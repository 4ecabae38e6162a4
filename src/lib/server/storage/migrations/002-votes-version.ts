import type { Kysely } from 'kysely';

/** V5: a version that grows with every change of an idea's counts, so a client can drop a broadcast that arrives late. */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('ideas').addColumn('votes_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
