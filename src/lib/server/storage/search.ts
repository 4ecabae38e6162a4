import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Executor } from './executor';
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
 *   configuration (french, dutch, english, simple for the others) and a GIN index. Each query word matches as a prefix
 *   in any of its forms: itself and its English, French and Dutch stems, so it finds ideas whatever language they were
 *   written in.
 *
 * Terms reach this module already reduced to letters and digits (`searchTerms` in the domain), so they cannot carry
 * query syntax.
 */

const PG_LANGUAGE_CONFIG = sql`case language when 'fr' then 'french'::regconfig when 'nl' then 'dutch'::regconfig when 'en' then 'english'::regconfig else 'simple'::regconfig end`;

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
 * B7 on SQLite: from this many matches (in every project) a search walks the sort's index instead of reading its
 * matches one by one: reading a thousand scattered rows costs about what walking the index to a page of them does
 * when they are 1 % of the ideas (bench/board).
 */
const SQLITE_COMMON_MATCHES = 1_000;

/**
 * B7 on PostgreSQL: below this many matches of several words in the project a search's page is chosen among
 * their matching ids; from it, the sort's index is walked, which finds a page within a few thousand rows.
 */
const PG_COMMON_MATCHES = 1_000;

/** B7 on PostgreSQL: each term's stems, asked once per term and kept, at most this many terms. */
const STEMS_KEPT = 10_000;
const stemsOfTerm = new Map<string, readonly string[]>();

/**
 * The forms a term is matched by, as prefixes: the term itself and its English, French and Dutch stems, leaving out
 * any form another one is a prefix of (it would match nothing more). One tsquery over these forms matches what one
 * query per language configuration OR-ed would, and the planner can estimate it, where it misjudged the OR-ed four
 * and walked a sort index through thousands of rows.
 */
async function pgForms(db: Executor, terms: readonly string[]): Promise<(readonly string[])[]> {
	const missing = terms.filter((term) => !stemsOfTerm.has(term));
	if (missing.length > 0) {
		const { rows } = await sql<{ term: string; stems: string[] | null }>`
			select term, array_remove(
				coalesce(ts_lexize('english_stem', term), '{}') || coalesce(ts_lexize('french_stem', term), '{}') || coalesce(ts_lexize('dutch_stem', term), '{}'),
				null) as stems
			from unnest(${missing}::text[]) as term`.execute(db);
		if (stemsOfTerm.size + rows.length > STEMS_KEPT) stemsOfTerm.clear();
		for (const row of rows) {
			const forms = [...new Set([row.term, ...(row.stems ?? [])])].filter((form) => /^[\p{L}\p{N}]+$/u.test(form));
			stemsOfTerm.set(row.term, forms.filter((form) => !forms.some((other) => other !== form && form.startsWith(other))));
		}
	}
	return terms.map((term) => stemsOfTerm.get(term) ?? [term]);
}

/**
 * B7: a condition on `i` (the ideas table's alias) that holds for ideas containing every term, each as a word prefix,
 * in the title or the body (the caller filters the project too; `projectId` only sizes PostgreSQL's matches).
 */
export async function matchingAllTerms(db: Executor, dialect: Dialect, terms: readonly string[], projectId: string): Promise<Expression<SqlBool>> {
	if (dialect === 'postgres') {
		const forms = await pgForms(db, terms);
		const text = forms.map((alternatives) => `(${alternatives.map((form) => `${form}:*`).join(' | ')})`).join(' & ');
		const query = sql<SqlBool>`i.search_vector @@ to_tsquery('simple', ${text})`;
		if (terms.length === 1) return query;
		// With several words the planner multiplies their frequencies as if they were independent: two common words
		// that never meet look like hundreds of matches, and it walks the sort's whole index to find none (150 ms at
		// 100,000 ideas). So their matches are read first, through the GIN index: when few, the page is chosen among
		// those ids alone.
		const { rows } = await sql<{ id: string }>`select id from ideas where search_vector @@ to_tsquery('simple', ${text}) and project_id = ${projectId} limit ${PG_COMMON_MATCHES}`.execute(db);
		return rows.length < PG_COMMON_MATCHES ? sql<SqlBool>`i.id = any(${rows.map((row) => row.id)}::text[])` : query;
	}
	const match = terms.map(prefix).join(' AND ');
	const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from ideas_search where ideas_search match ${match} limit ${SQLITE_COMMON_MATCHES})`.execute(db);
	// Few matches: read each and sort them. Many: walk the sort's index and keep the rows that match (the unary `+`
	// stops the planner from reading every match by rowid), which stops after one page instead of after thousands.
	if (Number(rows[0]?.n ?? 0) < SQLITE_COMMON_MATCHES) return sql<SqlBool>`i.rowid in (select rowid from ideas_search where ideas_search match ${match})`;
	return sql<SqlBool>`+i.rowid in (select rowid from ideas_search where ideas_search match ${match})`;
}
