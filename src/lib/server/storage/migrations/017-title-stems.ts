import { sql, type Kysely } from 'kysely';
import { titleStems } from '../../../domain/board';
import type { Dialect } from '../schema';

/**
 * B8: the stems of every idea's title, one row each, for similar ideas. A plain B-tree on (project, stem) answers "which
 * ideas share these stems" by reading only those stems' rows, the same way on both dialects; the full-text indexes
 * (migration 007) would have to weigh every idea that shares any one word. On PostgreSQL the stem is compared
 * byte-wise (`collate "C"`), so a prefix is a range of the index whatever the database's collation.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	await db.schema
		.createTable('idea_title_stems')
		.addColumn('project_id', 'text', (column) => column.notNull())
		.addColumn('stem', dialect === 'postgres' ? sql`text collate "C"` : 'text', (column) => column.notNull())
		.addColumn('idea_id', 'text', (column) => column.notNull().references('ideas.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('idea_title_stems_pk', ['project_id', 'stem', 'idea_id'])
		.execute();
	await db.schema.createIndex('idea_title_stems_idea').on('idea_title_stems').columns(['idea_id', 'stem']).execute();
	const batch = 500;
	for (let after = ''; ; ) {
		const { rows } = await sql<{ id: string; project_id: string; title: string }>`select id, project_id, title from ideas where id > ${after} order by id limit ${batch}`.execute(db);
		if (rows.length > 0) after = rows.at(-1)!.id;
		const values = rows.flatMap((row) => titleStems(row.title).map((stem) => ({ project_id: row.project_id, stem, idea_id: row.id })));
		if (values.length > 0) await db.insertInto('idea_title_stems' as never).values(values as never).execute();
		if (rows.length < batch) break;
	}
}
