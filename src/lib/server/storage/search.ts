import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Dialect } from './schema';

/**
 * Full-text search over ideas (title and plain-text body), the one place where the two dialects truly differ, kept
 * side by side (DESIGN §2.3).
 *
 * - SQLite: an FTS5 external-content table `ideas_search` over `ideas` (project id, title, body text), kept by
 *   triggers, tokenised by `unicode61 remove_diacritics 2` (case and accents folded: "vélo" finds "velo") with prefix
 *   queries. FTS5 only stems English (porter) and no maintained French/Dutch stemmer is installed, so prefixes stand in
 *   for stemming: "piste" finds "pistes", "fietspad" finds "fietspaden". External content follows `ideas.rowid`;
 *   after a `VACUUM` (which may renumber rowids) run `insert into ideas_search(ideas_search) values('rebuild')`.
 * - PostgreSQL: a stored generated `search_vector` (title weighted A, body B) built with the idea's own language
 *   configuration (french, dutch, english, simple for the others) and a GIN index. A query is stemmed in each of those
 *   configurations and the results OR-ed, so it finds ideas whatever language they were written in.
 *
 * Terms reach this module already reduced to letters and digits (`searchTerms` in the domain), so they cannot carry
 * query syntax.
 */

const PG_LANGUAGE_CONFIG = sql`case language when 'fr' then 'french'::regconfig when 'nl' then 'dutch'::regconfig when 'en' then 'english'::regconfig else 'simple'::regconfig end`;
const PG_QUERY_CONFIGS = ['english', 'french', 'dutch', 'simple'] as const;

/** Creates the index and what keeps it current (migration 007). */
export async function createSearchIndex(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
	if (dialect === 'postgres') {
		await sql`alter table ideas add column search_vector tsvector generated always as (
			setweight(to_tsvector(${PG_LANGUAGE_CONFIG}, title), 'A') || setweight(to_tsvector(${PG_LANGUAGE_CONFIG}, body_text), 'B')
		) stored`.execute(db);
		await sql`create index ideas_search_vector on ideas using gin (search_vector)`.execute(db);
		return;
	}
	await sql`create virtual table ideas_search using fts5(
		project_id, title, body_text,
		content = 'ideas', content_rowid = 'rowid',
		tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
	)`.execute(db);
	const removeOld = `insert into ideas_search(ideas_search, rowid, project_id, title, body_text) values ('delete', old.rowid, old.project_id, old.title, old.body_text);`;
	const addNew = `insert into ideas_search(rowid, project_id, title, body_text) values (new.rowid, new.project_id, new.title, new.body_text);`;
	await sql.raw(`create trigger ideas_search_insert after insert on ideas begin ${addNew} end`).execute(db);
	await sql.raw(`create trigger ideas_search_delete after delete on ideas begin ${removeOld} end`).execute(db);
	await sql.raw(`create trigger ideas_search_update after update of project_id, title, body_text on ideas begin ${removeOld} ${addNew} end`).execute(db);
	await sql`insert into ideas_search(ideas_search) values ('rebuild')`.execute(db);
}

/** An FTS5 phrase: the text in double quotes (terms and ids never hold a quote; doubled anyway, as FTS5 escapes). */
const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

function ftsQuery(projectId: string, terms: readonly string[]): string {
	return `project_id : ${phrase(projectId)} AND {title body_text} : (${terms.map((term) => `${phrase(term)}*`).join(' AND ')})`;
}

function pgQuery(terms: readonly string[], join: '&' | '|', weights = '') {
	const text = terms.map((term) => `${term}:*${weights}`).join(` ${join} `);
	return sql.join(
		PG_QUERY_CONFIGS.map((config) => sql`to_tsquery(${sql.lit(config)}::regconfig, ${text})`),
		sql` || `
	);
}

/**
 * B7: a condition on `i` (the ideas table's alias) that holds for ideas of `projectId` containing every term, each as
 * a word prefix, in the title or the body.
 */
export function matchesAllTerms(dialect: Dialect, projectId: string, terms: readonly string[]): Expression<SqlBool> {
	if (dialect === 'postgres') return sql<SqlBool>`i.search_vector @@ (${pgQuery(terms, '&')})`;
	return sql<SqlBool>`i.rowid in (select rowid from ideas_search where ideas_search match ${ftsQuery(projectId, terms)})`;
}

/**
 * B8: the ids of a project's ideas best matching any of the title terms (in their titles) or the body terms
 * (anywhere), best first, at most `limit`: the candidates that title overlap then reranks.
 */
export async function similarCandidates(
	db: Kysely<unknown>,
	dialect: Dialect,
	projectId: string,
	titleTerms: readonly string[],
	bodyTerms: readonly string[],
	limit: number
): Promise<string[]> {
	if (titleTerms.length === 0 && bodyTerms.length === 0) return [];
	if (dialect === 'postgres') {
		const parts = [...(titleTerms.length ? [pgQuery(titleTerms, '|', 'A')] : []), ...(bodyTerms.length ? [pgQuery(bodyTerms, '|')] : [])];
		const query = sql.join(parts, sql` || `);
		const { rows } = await sql<{ id: string }>`
			select id from ideas
			where project_id = ${projectId} and search_vector @@ (${query})
			order by ts_rank(search_vector, ${query}) desc, id
			limit ${limit}`.execute(db);
		return rows.map((row) => row.id);
	}
	const parts = [
		...(titleTerms.length ? [`title : (${titleTerms.map((term) => `${phrase(term)}*`).join(' OR ')})`] : []),
		...(bodyTerms.length ? [`{title body_text} : (${bodyTerms.map((term) => `${phrase(term)}*`).join(' OR ')})`] : [])
	];
	const match = `project_id : ${phrase(projectId)} AND (${parts.join(' OR ')})`;
	const { rows } = await sql<{ id: string }>`
		select i.id from ideas_search s join ideas i on i.rowid = s.rowid
		where ideas_search match ${match}
		order by bm25(ideas_search, 0.0, 10.0, 1.0), i.id
		limit ${limit}`.execute(db);
	return rows.map((row) => row.id);
}
