import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../schema';

/** Accounts, sessions, the city, projects, ideas, votes, comments and Yjs document updates. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	const text = 'text' as const;
	const double = 'double precision' as const;

	await db.schema
		.createTable('users')
		.addColumn('id', text, (c) => c.primaryKey())
		.addColumn('email', text, (c) => c.notNull().unique())
		.addColumn('display_name', text, (c) => c.notNull())
		.addColumn('password_hash', text, (c) => c.notNull())
		.addColumn('role', text, (c) => c.notNull())
		.addColumn('created_at', text, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', text, (c) => c.primaryKey())
		.addColumn('user_id', text, (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', text, (c) => c.notNull())
		.addColumn('expires_at', text, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('districts')
		.addColumn('id', text, (c) => c.primaryKey())
		.addColumn('slug', text, (c) => c.notNull().unique())
		.addColumn('name', text, (c) => c.notNull())
		.addColumn('centre_lat', double, (c) => c.notNull())
		.addColumn('centre_lng', double, (c) => c.notNull())
		.addColumn('geometry', text, (c) => c.notNull())
		.addColumn('approximate', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('topics')
		.addColumn('id', text, (c) => c.primaryKey())
		.addColumn('slug', text, (c) => c.notNull().unique())
		.addColumn('name', text, (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('projects')
		.addColumn('id', text, (c) => c.primaryKey())
		.addColumn('slug', text, (c) => c.notNull().unique())
		.addColumn('title', text, (c) => c.notNull())
		.addColumn('description', text, (c) => c.notNull())
		.addColumn('status', text, (c) => c.notNull())
		.addColumn('created_at', text, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('ideas')
		.addColumn('id', text, (c) => c.primaryKey())
		.addColumn('project_id', text, (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('author_id', text, (c) => c.notNull().references('users.id'))
		.addColumn('title', text, (c) => c.notNull())
		.addColumn('body', text, (c) => c.notNull())
		.addColumn('topic_id', text, (c) => c.notNull().references('topics.id'))
		.addColumn('district_id', text, (c) => c.notNull().references('districts.id'))
		.addColumn('lat', double, (c) => c.notNull())
		.addColumn('lng', double, (c) => c.notNull())
		.addColumn('status', text, (c) => c.notNull())
		.addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('downvotes', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', text, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('ideas_project_created').on('ideas').columns(['project_id', 'created_at']).execute();
	// The map's viewport queries filter on a bounding box; a composite index serves both dialects until a real
	// spatial index (R*Tree / PostGIS) is needed at 100k pins.
	await db.schema.createIndex('ideas_location').on('ideas').columns(['lat', 'lng']).execute();

	await db.schema
		.createTable('votes')
		.addColumn('idea_id', text, (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('user_id', text, (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('value', 'integer', (c) => c.notNull())
		.addColumn('updated_at', text, (c) => c.notNull())
		.addPrimaryKeyConstraint('votes_one_per_citizen', ['idea_id', 'user_id'])
		.addCheckConstraint('votes_value_range', sql`value in (-1, 1)`)
		.execute();
	await db.schema.createIndex('votes_user').on('votes').column('user_id').execute();

	await db.schema
		.createTable('comments')
		.addColumn('id', text, (c) => c.primaryKey())
		.addColumn('idea_id', text, (c) => c.notNull().references('ideas.id').onDelete('cascade'))
		.addColumn('author_id', text, (c) => c.notNull().references('users.id'))
		.addColumn('body', text, (c) => c.notNull())
		.addColumn('created_at', text, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('comments_idea').on('comments').columns(['idea_id', 'created_at']).execute();

	await db.schema
		.createTable('document_updates')
		.addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
			dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
		)
		.addColumn('document', text, (c) => c.notNull())
		.addColumn('update', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
		.addColumn('created_at', text, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('document_updates_document').on('document_updates').columns(['document', 'id']).execute();
}
