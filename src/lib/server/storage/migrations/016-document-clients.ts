import type { Kysely } from 'kysely';
import type { Dialect } from '../schema';

/**
 * Y16: which user owns each Yjs client id seen in a document's updates, recorded from authenticated connections
 * (never from what a client claims), so "who wrote what" can be shown and nobody can write under another's id.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	await db.schema
		.createTable('document_clients')
		.addColumn('document', 'text', (c) => c.notNull())
		// Yjs client ids are unsigned 32-bit: above PostgreSQL's integer.
		.addColumn('client_id', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('document_clients_pk', ['document', 'client_id'])
		.execute();
}
