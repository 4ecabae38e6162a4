import { sql, type Kysely } from 'kysely';

/**
 * D42: the estimated cost a draft had when it was last published, which its idea shows. The listing's `cost` follows
 * the document as its co-authors edit it (D22), also while a published draft is reopened in private; the idea must
 * not show what they are still writing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('drafts').addColumn('published_cost', 'integer').execute();
	// Only drafts published now: a reopened one's cost is what its authors are changing, and stays off its idea.
	await sql`update drafts set published_cost = cost where status = 'published'`.execute(db);
}
