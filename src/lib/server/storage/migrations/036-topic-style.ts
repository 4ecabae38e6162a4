import type { Kysely } from 'kysely';

/**
 * AD7: a topic's colour (1–8, a token of the visual system's topic palette) and icon (a name from its icon set), as
 * an admin chose them; null keeps the look chosen by the topic's place in the list and its slug.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('topics').addColumn('colour', 'integer').execute();
	await db.schema.alterTable('topics').addColumn('icon', 'text').execute();
}
