import { sql, type Kysely } from 'kysely';

/**
 * Comment threads (C2–C8): replies (parent_id), edits (edited_at, and previous bodies in comment_revisions),
 * tombstones (deleted_at), upvotes (cached count beside one row per upvote in comment_votes) and one version per
 * comment.
 *
 * The thread query reads one page of an idea's top-level comments in either sort, then the replies of that page:
 * partial indexes over top-level comments only (`parent_id is null`, in both dialects) serve the two sorts as
 * keyset scans, and (parent_id, created_at) the replies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('comments')
		.addColumn('parent_id', 'text', (c) => c.references('comments.id').onDelete('cascade'))
		.execute();
	await db.schema.alterTable('comments').addColumn('edited_at', 'text').execute();
	await db.schema.alterTable('comments').addColumn('deleted_at', 'text').execute();
	await db.schema.alterTable('comments').addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('comments').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();

	await db.schema
		.createIndex('comments_top_newest')
		.on('comments')
		.columns(['idea_id', 'created_at', 'id'])
		.where(sql.ref('parent_id'), 'is', null)
		.execute();
	await db.schema
		.createIndex('comments_top_upvoted')
		.on('comments')
		.columns(['idea_id', 'upvotes', 'created_at', 'id'])
		.where(sql.ref('parent_id'), 'is', null)
		.execute();
	await db.schema.createIndex('comments_replies').on('comments').columns(['parent_id', 'created_at', 'id']).execute();

	await db.schema
		.createTable('comment_votes')
		.addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('comment_votes_one_per_person', ['comment_id', 'user_id'])
		.execute();
	await db.schema.createIndex('comment_votes_user').on('comment_votes').column('user_id').execute();

	await db.schema
		.createTable('comment_revisions')
		.addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('written_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('comment_revisions_pk', ['comment_id', 'number'])
		.execute();
}
