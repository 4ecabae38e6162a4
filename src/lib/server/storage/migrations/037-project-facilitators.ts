import type { Kysely } from 'kysely';

/** AD3: which facilitators run which project (an admin assigns them); one row per pair. */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('project_facilitators')
		.addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
		.addColumn('assigned_by', 'text', (column) => column.notNull())
		.addColumn('created_at', 'text', (column) => column.notNull())
		.addPrimaryKeyConstraint('project_facilitators_pk', ['project_id', 'user_id'])
		.execute();
	await db.schema.createIndex('project_facilitators_user').on('project_facilitators').column('user_id').execute();
}
