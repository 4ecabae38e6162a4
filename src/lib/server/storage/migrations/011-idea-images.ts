import type { Kysely } from 'kysely';

/**
 * IM1–IM5: images uploaded by a person, each re-encoded at a few widths. An upload belongs to its uploader until it
 * is posted with an idea (`idea_id`, `position`); uploads never posted are purged after a day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('idea_images')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('uploader_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('idea_id', 'text', (c) => c.references('ideas.id'))
		.addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('width', 'integer', (c) => c.notNull())
		.addColumn('height', 'integer', (c) => c.notNull())
		/** JSON array of the widths the image was re-encoded to. */
		.addColumn('widths', 'text', (c) => c.notNull())
		.addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('idea_images_by_idea').on('idea_images').columns(['idea_id', 'position']).execute();
	await db.schema.createIndex('idea_images_unattached').on('idea_images').columns(['uploader_id', 'created_at']).execute();
}
