import type { Kysely } from 'kysely';

/**
 * N6–N9: notification e-mails. Preferences per person and kind (absent: the default); per person, the token of their
 * unsubscribe links (kept as is: every e-mail carries it, and all it can do is turn e-mails off), when their last
 * digest went out (a node claims a digest by moving it, so two nodes never send the same one) and how many instant
 * e-mails this hour has seen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('notification_preferences')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('mode', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
		.execute();
	await db.schema
		.createTable('notification_mail')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
		.addColumn('unsubscribe_token', 'text', (c) => c.notNull().unique())
		.addColumn('last_digest_at', 'text')
		.addColumn('instant_hour', 'text')
		.addColumn('instant_count', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}
