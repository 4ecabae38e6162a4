import type { Kysely } from 'kysely';

/**
 * Drafts (D1–D29): a proposal co-written in the Yjs document `draft:<id>`. The store keeps who may do what with it
 * (co-authors, invitations by name, share links, join requests), a copy of its fields for lists, and the idea it
 * became. `idea_authors` credits every co-author of an idea published from a draft (D16).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('drafts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
		// D22: copies of the document's fields, for lists and the similar-drafts look-up.
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('cost', 'integer')
		.addColumn('visibility', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('idea_id', 'text', (c) => c.references('ideas.id'))
		.addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('drafts_by_project').on('drafts').columns(['project_id', 'visibility', 'status']).execute();
	await db.schema.createIndex('drafts_by_idea').on('drafts').column('idea_id').execute();

	await db.schema
		.createTable('draft_authors')
		.addColumn('draft_id', 'text', (c) => c.notNull().references('drafts.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('joined_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('draft_authors_pk', ['draft_id', 'user_id'])
		.execute();
	await db.schema.createIndex('draft_authors_by_user').on('draft_authors').column('user_id').execute();

	await db.schema
		.createTable('draft_invitations')
		.addColumn('draft_id', 'text', (c) => c.notNull().references('drafts.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('draft_invitations_pk', ['draft_id', 'user_id'])
		.execute();
	await db.schema.createIndex('draft_invitations_by_user').on('draft_invitations').column('user_id').execute();

	await db.schema
		.createTable('draft_links')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('draft_id', 'text', (c) => c.notNull().references('drafts.id').onDelete('cascade'))
		// D6: only the SHA-256 of the token, so a leaked row opens nothing.
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('revoked_at', 'text')
		.execute();
	await db.schema.createIndex('draft_links_by_draft').on('draft_links').column('draft_id').execute();

	await db.schema
		.createTable('draft_join_requests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('draft_id', 'text', (c) => c.notNull().references('drafts.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		// D18: one pending request per person per draft; answered requests are deleted.
		.addUniqueConstraint('draft_join_requests_one', ['draft_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('idea_authors')
		.addColumn('idea_id', 'text', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('idea_authors_pk', ['idea_id', 'user_id'])
		.execute();
}
