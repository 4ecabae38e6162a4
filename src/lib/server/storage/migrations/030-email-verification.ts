import type { Kysely } from 'kysely';

/**
 * E1–E3: when an account proved it receives mail at its address (null: not yet). Accounts made before this migration
 * never proved it and stay unverified: no project needs a verified address unless an admin says so (E6), and such a
 * project then asks them too. Accounts the operator provisions are verified from the start (E2).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('users').addColumn('email_verified_at', 'text').execute();
}
