import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { TITLE_STEM_LENGTH, titleStems } from '../../domain/board';
import type { Executor } from './executor';

/**
 * B8: the title-stem index behind similar ideas (migration 017): each idea's title stems, and the look-up that finds
 * the ideas sharing the most stems with a title being typed.
 *
 * A stem shared by a large part of the board ("rue", "place", a big district) says little and would make one look-up
 * read thousands of rows, so each asked stem's rows are first counted up to COMMON_STEM_ROWS. Candidates are the
 * ideas holding at least one uncommon stem; the common stems then only add to those candidates' scores, by looking
 * up each candidate's own stems. When every asked stem is common, the ideas holding the two first of them are read,
 * at most COMMON_ONLY_CANDIDATES: any of them is as good a guess as another.
 */
const COMMON_STEM_ROWS = 1_000;
const COMMON_ONLY_CANDIDATES = 200;
/** Above any letter or digit, so `[stem, stem + HIGHEST)` holds every stem that starts with `stem`. */
const HIGHEST = '\u{10FFFF}';

/** Writes the stems of a new idea's title. */
export async function insertTitleStems(db: Executor, idea: { id: string; projectId: string; title: string }): Promise<void> {
	const stems = titleStems(idea.title);
	if (stems.length > 0) await db.insertInto('idea_title_stems').values(stems.map((stem) => ({ project_id: idea.projectId, stem, idea_id: idea.id }))).execute();
}

/** Replaces an idea's stems by those of its edited title (I7). */
export async function replaceTitleStems(db: Executor, idea: { id: string; title: string }): Promise<void> {
	const row = await db.selectFrom('ideas').select('project_id').where('id', '=', idea.id).executeTakeFirst();
	if (!row) return;
	await db.deleteFrom('idea_title_stems').where('idea_id', '=', idea.id).execute();
	await insertTitleStems(db, { id: idea.id, projectId: row.project_id, title: idea.title });
}

interface AskedStem {
	readonly stem: string;
	/** Title stems count twice as much as body stems. */
	readonly weight: number;
}

/** A typed word shorter than a stem may still grow: it matches as a prefix; a whole stem matches itself. */
function matches(column: RawBuilder<string>, stem: string): RawBuilder<SqlBool> {
	return stem.length < TITLE_STEM_LENGTH ? sql<SqlBool>`(${column} >= ${stem} and ${column} < ${stem + HIGHEST})` : sql<SqlBool>`${column} = ${stem}`;
}

/** Which of `asked` a stem row matches, as its weight (0 for none), so a prefix matching two stems counts once. */
function scoreOf(asked: readonly AskedStem[]): RawBuilder<number> {
	const column = sql<string>`s.stem`;
	const cases = asked.map((entry, index) => sql`when ${matches(column, entry.stem)} then ${sql.lit(index)}`);
	return sql<number>`case ${sql.join(cases, sql` `)} else null end`;
}

/** Whether each asked stem is common, in one statement: its rows counted up to COMMON_STEM_ROWS. */
async function commonStems(db: Executor, projectId: string, asked: readonly AskedStem[]): Promise<boolean[]> {
	const counts = asked.map(
		(entry, index) =>
			sql`select ${sql.lit(index)} as asked_index, (select count(*) from (select 1 from idea_title_stems s where s.project_id = ${projectId} and ${matches(sql`s.stem`, entry.stem)} limit ${COMMON_STEM_ROWS}) capped) as n`
	);
	const { rows } = await sql<{ asked_index: number; n: number | string }>`${sql.join(counts, sql` union all `)}`.execute(db);
	const common = asked.map(() => false);
	for (const row of rows) common[Number(row.asked_index)] = Number(row.n) >= COMMON_STEM_ROWS;
	return common;
}

/**
 * B8: the ids of a project's ideas (withdrawn ones left out) sharing the most weight of stems with the title (and
 * body) being typed, at least two stems when two or more were asked, best first, then the most supported; at most
 * `limit`.
 */
export async function similarByStems(db: Executor, projectId: string, titleStems: readonly string[], bodyStems: readonly string[], limit: number): Promise<string[]> {
	const asked: AskedStem[] = [...titleStems.map((stem) => ({ stem, weight: 2 })), ...bodyStems.map((stem) => ({ stem, weight: 1 }))];
	if (asked.length === 0) return [];
	const common = await commonStems(db, projectId, asked);
	const uncommon = asked.filter((_, index) => !common[index]);
	const anyOf = (entries: readonly AskedStem[]) => sql.join(entries.map((entry) => matches(sql`s.stem`, entry.stem)), sql` or `);
	const candidates =
		uncommon.length > 0
			? sql`select distinct s.idea_id from idea_title_stems s where s.project_id = ${projectId} and (${anyOf(uncommon)})`
			: sql`select s.idea_id from idea_title_stems s join idea_title_stems t on t.idea_id = s.idea_id and t.project_id = s.project_id and ${matches(sql`t.stem`, asked[1]?.stem ?? asked[0]!.stem)}
				where s.project_id = ${projectId} and ${matches(sql`s.stem`, asked[0]!.stem)} limit ${COMMON_ONLY_CANDIDATES}`;
	const weights = sql.join(asked.map((entry, index) => sql`when ${sql.lit(index)} then ${sql.lit(entry.weight)}`), sql` `);
	const needed = Math.min(2, asked.length);
	const { rows } = await sql<{ id: string }>`
		with candidate as (${candidates}),
		matched as (
			select s.idea_id, ${scoreOf(asked)} as asked_index
			from idea_title_stems s join candidate c on c.idea_id = s.idea_id
			where ${anyOf(asked)}
		),
		scored as (
			select idea_id, count(distinct asked_index) as shared, sum(case asked_index ${weights} else 0 end) as weight
			from (select distinct idea_id, asked_index from matched where asked_index is not null) m
			group by idea_id
		)
		select i.id from scored join ideas i on i.id = scored.idea_id
		where scored.shared >= ${needed} and i.withdrawn_at is null and i.hidden_at is null
		order by scored.weight desc, i.upvotes desc, i.id
		limit ${limit}`.execute(db);
	return rows.map((row) => row.id);
}
