import type { Kysely } from 'kysely';

/**
 * Issue 8's follows and notifications. A follow row with `following = 0` remembers an explicit unfollow, so a later
 * vote or comment does not follow the idea again (FO2). Notifications are one row per recipient and fact; the bell
 * groups them when it reads (N3).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('idea_follows')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('following', 'integer', (c) => c.notNull())
		.addColumn('changed_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('idea_follows_pk', ['user_id', 'idea_id'])
		.execute();
	await db.schema.createIndex('idea_follows_idea').on('idea_follows').columns(['idea_id', 'following']).execute();
	await db.schema
		.createTable('project_follows')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('changed_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('project_follows_pk', ['user_id', 'project_id'])
		.execute();
	await db.schema.createIndex('project_follows_project').on('project_follows').column('project_id').execute();
	await db.schema
		.createTable('notifications')
		// One fact told to many people: the same fact id for each, so one live message names it for all of them.
		.addColumn('fact_id', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		// What the line shows besides the idea (a status, a name), as JSON chosen by the service, never HTML.
		.addColumn('detail', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('read_at', 'text')
		.addPrimaryKeyConstraint('notifications_pk', ['user_id', 'fact_id'])
		.execute();
	await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();
}
