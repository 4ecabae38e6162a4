import type { Kysely } from 'kysely';
import type { Dialect } from '../schema';

/**
 * D30–D33: versions of a Yjs document, each its whole encoded state (the rooms collect garbage, so a state vector
 * alone could not bring deleted text back). Numbered per document; named ones carry their name.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	await db.schema
		.createTable('document_versions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('document', 'text', (c) => c.notNull())
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('name', 'text')
		/** Y.encodeStateAsUpdate of the document at that moment. */
		.addColumn('snapshot', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id'))
		/** JSON array of the user ids who wrote since the version before (D35). */
		.addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('restored_from', 'integer')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('document_versions_number', ['document', 'number'])
		.execute();
	await db.schema.createIndex('document_versions_by_kind').on('document_versions').columns(['document', 'kind', 'number']).execute();
}
