import type { Kysely } from 'kysely';

/** MO6: a blocked account (`blocked_at` set) reads and never writes; the reason stays beside it. */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('users').addColumn('blocked_at', 'text').execute();
	await db.schema.alterTable('users').addColumn('blocked_reason', 'text').execute();
}
