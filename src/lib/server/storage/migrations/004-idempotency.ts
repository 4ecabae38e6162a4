import type { Kysely } from 'kysely';

/** I5: results of create commands by idempotency key; old rows are purged by created_at. */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('idempotency_keys')
		.addColumn('account_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('command', 'text', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('result', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'command', 'key'])
		.execute();
	await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
}
