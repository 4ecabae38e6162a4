import type { Kysely } from 'kysely';

/** E6: a project may require a verified e-mail address to vote; off (0) unless an admin turns it on. */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('projects').addColumn('voting_needs_verified_email', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
