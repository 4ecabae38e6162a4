import type { Kysely } from 'kysely';

/**
 * AD10: an admin's invitation to join the staff with a role. Only the SHA-256 of its token is stored (a leaked row
 * cannot be used); it expires, is used once, and can be revoked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('staff_invitations')
		.addColumn('id', 'text', (column) => column.primaryKey())
		.addColumn('token_hash', 'text', (column) => column.notNull().unique())
		.addColumn('email', 'text', (column) => column.notNull())
		.addColumn('role', 'text', (column) => column.notNull())
		.addColumn('invited_by', 'text', (column) => column.notNull())
		.addColumn('created_at', 'text', (column) => column.notNull())
		.addColumn('expires_at', 'text', (column) => column.notNull())
		.addColumn('accepted_at', 'text')
		.addColumn('accepted_by', 'text')
		.addColumn('revoked_at', 'text')
		.execute();
	await db.schema.createIndex('staff_invitations_created').on('staff_invitations').column('created_at').execute();
}
