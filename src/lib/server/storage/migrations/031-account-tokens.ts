import type { Kysely } from 'kysely';

/**
 * E3/E9: one-time links sent by e-mail (verify an address, reset a password). Only the SHA-256 of the token is kept,
 * so a copy of the database cannot be used to take an account; `email` is the address the link was sent to (a
 * verification only confirms that address); `used_at` makes each link single use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('account_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();
	await db.schema.createIndex('account_tokens_by_user').on('account_tokens').columns(['user_id', 'purpose']).execute();
	await db.schema.createIndex('account_tokens_by_expiry').on('account_tokens').column('expires_at').execute();
}
