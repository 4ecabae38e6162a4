import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../schema';
import { createSearchIndex } from '../search';

/**
 * The board (issue 7): full-text search (see search.ts), a stored trending score (B1) recomputed by the database in
 * the statement that changes an idea's counts (votes and comments alike, whoever writes them), a random key per idea
 * for the visitor's shuffled order (B4), and one index per sort and per selective filter, each ending in `id` so keyset
 * paging (B3) never sorts.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	await db.schema.alterTable('ideas').addColumn('trending_score', 'double precision', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('ideas').addColumn('random_key', 'integer', (c) => c.notNull().defaultTo(0)).execute();

	// B1, in SQL: the same formula as `trendingScore` in domain/board.ts (a contract test holds them together).
	const engagement = (row: string) => `(${row}.upvotes - ${row}.downvotes + 2 * ${row}.comment_count)`;
	if (dialect === 'postgres') {
		const score = (row: string) =>
			`(case when ${engagement(row)} > 0 then log(${engagement(row)}::double precision) when ${engagement(row)} < 0 then -log((-${engagement(row)})::double precision) else 0 end)` +
			` + (extract(epoch from ${row}.created_at::timestamptz) - 1735689600) / 86400.0`;
		await sql.raw(`update ideas set trending_score = ${score('ideas')}, random_key = floor(random() * 2147483648)::integer`).execute(db);
		await sql
			.raw(
				`create function ideas_trending_score() returns trigger language plpgsql as $$ begin new.trending_score := ${score('new')}; return new; end $$`
			)
			.execute(db);
		await sql
			.raw(
				`create trigger ideas_trending_score before insert or update of upvotes, downvotes, comment_count, created_at on ideas for each row execute function ideas_trending_score()`
			)
			.execute(db);
	} else {
		const score = (row: string) =>
			`(case when ${engagement(row)} > 0 then log10(${engagement(row)}) when ${engagement(row)} < 0 then -log10(-${engagement(row)}) else 0 end)` +
			` + (unixepoch(${row}.created_at, 'subsec') - 1735689600) / 86400.0`;
		await sql.raw(`update ideas set trending_score = ${score('ideas')}, random_key = abs(random()) % 2147483648`).execute(db);
		await sql
			.raw(`create trigger ideas_trending_insert after insert on ideas begin update ideas set trending_score = ${score('new')} where rowid = new.rowid; end`)
			.execute(db);
		await sql
			.raw(
				`create trigger ideas_trending_counts after update of upvotes, downvotes, comment_count, created_at on ideas begin update ideas set trending_score = ${score('new')} where rowid = new.rowid; end`
			)
			.execute(db);
	}

	// One index per sort, all per project and ending in id: the keyset (key, id) of B3.
	await db.schema.dropIndex('ideas_project_created').execute();
	await db.schema.createIndex('ideas_browse_newest').on('ideas').columns(['project_id', 'created_at', 'id']).execute();
	await db.schema.createIndex('ideas_browse_trending').on('ideas').columns(['project_id', 'trending_score', 'id']).execute();
	await db.schema.createIndex('ideas_browse_discussed').on('ideas').columns(['project_id', 'comment_count', 'id']).execute();
	await db.schema.createIndex('ideas_browse_random').on('ideas').columns(['project_id', 'random_key', 'id']).execute();
	// The net score as a generated column, not an expression index: keyset row values `(net_votes, id) < (?, ?)` seek
	// on a column's index in both planners, while SQLite scans for one over an expression.
	await sql
		.raw(`alter table ideas add column net_votes integer generated always as (upvotes - downvotes) ${dialect === 'postgres' ? 'stored' : 'virtual'}`)
		.execute(db);
	await db.schema.createIndex('ideas_browse_top').on('ideas').columns(['project_id', 'net_votes', 'id']).execute();
	// One's own ideas are too few for a sort index to skip through. Topic, district and status are not: with one
	// idea in ten or more matching, the sort index finds a page within a few hundred entries (an index on status made
	// SQLite sort the many "proposed" ideas instead).
	await db.schema.createIndex('ideas_browse_author').on('ideas').columns(['author_id', 'project_id', 'created_at', 'id']).execute();

	await createSearchIndex(db, dialect);
}
