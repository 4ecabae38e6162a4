import type { Kysely } from 'kysely';

/**
 * AD4/AD5: a project's settings the staff console edits: when it opens (shown beside its closing date), whether its
 * ideas take up and down votes or support only, and whether an idea needs a pin on the map or a district is enough.
 * Existing projects keep what they did: up and down votes, a district is enough.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('projects').addColumn('opens_at', 'text').execute();
	await db.schema.alterTable('projects').addColumn('vote_mode', 'text', (column) => column.notNull().defaultTo('up_down')).execute();
	await db.schema.alterTable('projects').addColumn('location_mode', 'text', (column) => column.notNull().defaultTo('pin_optional')).execute();
}
