import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Dialect } from './schema';

/**
 * Full-text search over ideas (title and plain-text body), the one place where the two dialects truly differ, kept
 * side by side (DESIGN §2.3).
 *
 * - SQLite: an FTS5 external-content table `ideas_search` over `ideas` (title, body text), kept by
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
	// The project is not a column of the index: matching it as a phrase in every document costs more than the words
	// (at 100,000 ideas), so the project is filtered on the ideas table instead.
	await sql`create virtual table ideas_search using fts5(
		title, body_text,
		content = 'ideas', content_rowid = 'rowid',
		tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
	)`.execute(db);
	const removeOld = `insert into ideas_search(ideas_search, rowid, title, body_text) values ('delete', old.rowid, old.title, old.body_text);`;
	const addNew = `insert into ideas_search(rowid, title, body_text) values (new.rowid, new.title, new.body_text);`;
	await sql.raw(`create trigger ideas_search_insert after insert on ideas begin ${addNew} end`).execute(db);
	await sql.raw(`create trigger ideas_search_delete after delete on ideas begin ${removeOld} end`).execute(db);
	await sql.raw(`create trigger ideas_search_update after update of title, body_text on ideas begin ${removeOld} ${addNew} end`).execute(db);
	await sql`insert into ideas_search(ideas_search) values ('rebuild')`.execute(db);
}

/** An FTS5 prefix term: the word in double quotes (terms never hold a quote; doubled anyway, as FTS5 escapes), then `*`. */
const prefix = (term: string) => `"${term.replaceAll('"', '""')}"*`;

/**
 * B8: "at least two of these words" (any one when there is only one): every pair, OR-ed. A near-duplicate shares most
 * of its words; one shared common word ("park", a street name) would otherwise make thousands of candidates to rank.
 */
function pairsOf(terms: readonly string[]): (readonly [string, string] | readonly [string])[] {
	if (terms.length < 2) return terms.map((term) => [term] as const);
	return terms.flatMap((first, index) => terms.slice(index + 1).map((second) => [first, second] as const));
}

function pgText(groups: readonly (readonly string[])[], weights: string): string {
	return groups.map((group) => `(${group.map((term) => `${term}:*${weights}`).join(' & ')})`).join(' | ');
}

function pgQuery(text: string) {
	return sql.join(
		PG_QUERY_CONFIGS.map((config) => sql`to_tsquery(${sql.lit(config)}::regconfig, ${text})`),
		sql` || `
	);
}

/**
 * B7: a condition on `i` (the ideas table's alias) that holds for ideas containing every term, each as a word prefix,
 * in the title or the body (the caller filters the project).
 */
export function matchesAllTerms(dialect: Dialect, terms: readonly string[]): Expression<SqlBool> {
	if (dialect === 'postgres') return sql<SqlBool>`i.search_vector @@ (${pgQuery(pgText([terms], ''))})`;
	return sql<SqlBool>`i.rowid in (select rowid from ideas_search where ideas_search match ${terms.map(prefix).join(' AND ')})`;
}

/**
 * B8: the ids of a project's ideas best matching the title terms (at least two of them, in their titles) or the body
 * terms (at least two, anywhere), best first, at most `limit`: the candidates that title overlap then reranks.
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
		const text = [...(titleTerms.length ? [pgText(pairsOf(titleTerms), 'A')] : []), ...(bodyTerms.length ? [pgText(pairsOf(bodyTerms), '')] : [])].join(' | ');
		const { rows } = await sql<{ id: string }>`
			with query as (select ${pgQuery(text)} as q)
			select id from ideas, query
			where project_id = ${projectId} and search_vector @@ query.q
			order by ts_rank(search_vector, query.q) desc, id
			limit ${limit}`.execute(db);
		return rows.map((row) => row.id);
	}
	const groups = (terms: readonly string[]) => pairsOf(terms).map((group) => `(${group.map(prefix).join(' AND ')})`).join(' OR ');
	const parts = [...(titleTerms.length ? [`title : (${groups(titleTerms)})`] : []), ...(bodyTerms.length ? [`{title body_text} : (${groups(bodyTerms)})`] : [])];
	const { rows } = await sql<{ id: string }>`
		select i.id from ideas_search s join ideas i on i.rowid = s.rowid
		where ideas_search match ${parts.join(' OR ')} and i.project_id = ${projectId}
		order by bm25(ideas_search, 10.0, 1.0), i.id
		limit ${limit}`.execute(db);
	return rows.map((row) => row.id);
}
