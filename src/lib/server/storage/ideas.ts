import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { RANDOM_KEY_SPACE, trendingScore, type BoardCursor, type BoardSort, type SortKey } from '../../domain/board';
import type { Executor } from './executor';
import type { Dialect } from './schema';
import { matchingAllTerms } from './search';
import { insertTitleStems, replaceTitleStems, similarByStems } from './title-stems';

export interface IdeaRecord {
	id: string;
	projectId: string;
	authorId: string;
	title: string;
	body: string;
	/** The body as plain text: what search indexes and previews show. */
	bodyText: string;
	topicId: string;
	districtId: string;
	lat: number;
	lng: number;
	locationApproximate: boolean;
	language: string;
	status: string;
	createdAt: string;
}


/** An idea joined with its topic, district, author and, for a signed-in viewer, that viewer's vote. */
export interface IdeaViewRecord extends Omit<IdeaRecord, 'locationApproximate'> {
	locationApproximate: number;
	editedAt: string | null;
	withdrawnAt: string | null;
	withdrawnBy: string | null;
	withdrawnReason: string | null;
	/** MO3: set while a moderator keeps it hidden. */
	hiddenAt: string | null;
	hiddenReason: string | null;
	hiddenNote: string | null;
	duplicateOf: string | null;
	topicSlug: string;
	topicName: string;
	districtSlug: string;
	districtName: string;
	authorName: string;
	authorRole: string;
	upvotes: number;
	downvotes: number;
	votesVersion: number;
	commentCount: number;
	myVote: number | null;
}

export interface Tally {
	upvotes: number;
	downvotes: number;
}

export interface VersionedTally extends Tally {
	commentCount: number;
	votesVersion: number;
}

/** See `lockForChange`. */
export interface IdeaChangeTarget {
	id: string;
	projectId: string;
	projectStatus: string;
	editWindowMinutes: number;
	authorId: string;
	title: string;
	body: string;
	bodyText: string;
	topicId: string;
	createdAt: string;
	editedAt: string | null;
	withdrawnAt: string | null;
	hiddenAt: string | null;
	duplicateOf: string | null;
	/** ST2: the status now, for the city's answer. */
	status: string;
}

/** What `browse` asks for; slugs are resolved to ids by the service, search text to terms by the domain. */
export interface BrowseRecordQuery {
	readonly projectId: string;
	readonly viewerId: string | null;
	readonly sort: BoardSort;
	readonly topicId?: string;
	readonly districtId?: string;
	readonly status?: string;
	readonly authorId?: string;
	readonly terms: readonly string[];
	/** B4: where this visitor's rotation of the random keys starts. */
	readonly seed: number;
	readonly after?: BoardCursor;
	readonly limit: number;
}

/** One row of `byAuthor`: an idea as a profile lists it. */
export interface AuthoredIdeaRecord {
	id: string;
	projectId: string;
	title: string;
	language: string;
	status: string;
	upvotes: number;
	commentCount: number;
	createdAt: string;
}

/** One row of `pins`: a map pin's fields (B9). */
export interface PinRecord {
	id: string;
	title: string;
	language: string;
	topicId: string;
	lat: number;
	lng: number;
	locationApproximate: number;
	upvotes: number;
	downvotes: number;
	commentCount: number;
	votesVersion: number;
}

export interface SimilarRecord extends Omit<PinRecord, 'lat' | 'lng' | 'locationApproximate' | 'topicId'> {
	topicSlug: string;
	myVote: number | null;
}

/** B2: the key each sort orders by; each has its index (migration 007), all descending but the shuffle. */
const SORT_KEYS: Record<BoardSort, { expression: RawBuilder<SortKey>; descending: boolean }> = {
	newest: { expression: sql<string>`i.created_at`, descending: true },
	trending: { expression: sql<number>`i.trending_score`, descending: true },
	top: { expression: sql<number>`i.net_votes`, descending: true },
	discussed: { expression: sql<number>`i.comment_count`, descending: true },
	random: { expression: sql<number>`i.random_key`, descending: false }
};

export function ideasRepository(db: Executor, dialect: Dialect) {
const ideaViews = (viewerId: string | null) =>
	db
		.selectFrom('ideas as i')
		.innerJoin('topics as t', 't.id', 'i.topic_id')
		.innerJoin('districts as d', 'd.id', 'i.district_id')
		.innerJoin('users as u', 'u.id', 'i.author_id')
		.leftJoin('votes as v', (join) =>
			join.onRef('v.idea_id', '=', 'i.id').on('v.user_id', '=', viewerId ?? '')
		)
		.select([
			'i.id',
			'i.project_id as projectId',
			'i.author_id as authorId',
			'i.title',
			'i.body',
			'i.body_text as bodyText',
			'i.topic_id as topicId',
			'i.district_id as districtId',
			'i.lat',
			'i.lng',
			'i.location_approximate as locationApproximate',
			'i.language',
			'i.status',
			'i.created_at as createdAt',
			'i.edited_at as editedAt',
			'i.withdrawn_at as withdrawnAt',
			'i.withdrawn_by as withdrawnBy',
			'i.withdrawn_reason as withdrawnReason',
			'i.hidden_at as hiddenAt',
			'i.hidden_reason as hiddenReason',
			'i.hidden_note as hiddenNote',
			'i.duplicate_of as duplicateOf',
			'i.upvotes',
			'i.downvotes',
			'i.votes_version as votesVersion',
			'i.comment_count as commentCount',
			't.slug as topicSlug',
			't.name as topicName',
			'd.slug as districtSlug',
			'd.name as districtName',
			'u.display_name as authorName',
			'u.role as authorRole',
			'v.value as myVote'
		]);


	return {
		async insert(idea: IdeaRecord): Promise<void> {
			await db
				.insertInto('ideas')
				.values({
					id: idea.id,
					project_id: idea.projectId,
					author_id: idea.authorId,
					title: idea.title,
					body: idea.body,
					body_text: idea.bodyText,
					topic_id: idea.topicId,
					district_id: idea.districtId,
					lat: idea.lat,
					lng: idea.lng,
					location_approximate: idea.locationApproximate ? 1 : 0,
					language: idea.language,
					status: idea.status,
					created_at: idea.createdAt,
					changed_at: idea.createdAt,
					// The database recomputes it (B1); given here too so the row is right from its first read.
					trending_score: trendingScore({ upvotes: 0, downvotes: 0, commentCount: 0, createdAt: idea.createdAt }),
					random_key: Math.floor(Math.random() * RANDOM_KEY_SPACE)
				})
				.execute();
			await insertTitleStems(db, idea);
		},
		async findView(id: string, viewerId: string | null): Promise<IdeaViewRecord | undefined> {
			return ideaViews(viewerId).where('i.id', '=', id).executeTakeFirst();
		},
		/**
		 * The ideas of a project created, voted on, commented on, edited or withdrawn after `since` (an ISO time), newest first, at most
		 * `limit`.
		 */
		async listChangedSince(projectId: string, viewerId: string | null, since: string, limit: number): Promise<IdeaViewRecord[]> {
			// Withdrawn ones included: a page that was away must take them off its list and map (I9).
			return ideaViews(viewerId)
				.where('i.project_id', '=', projectId)
				.where('i.changed_at', '>', since)
				.orderBy('i.created_at', 'desc')
				.orderBy('i.id', 'desc')
				.limit(limit)
				.execute();
		},
		/**
		 * B2/B3: one page of a view, keyset-paged after `after` (never OFFSET), each row with the key it was sorted by
		 * so the service can make the next cursor. The shuffle (B4) reads the random keys from the seed up, then wraps
		 * around to the keys below it: two index range scans, each in index order.
		 */
		async browse(query: BrowseRecordQuery): Promise<(IdeaViewRecord & { sortKey: SortKey })[]> {
			const { expression, descending } = SORT_KEYS[query.sort];
			const direction = descending ? 'desc' : 'asc';
			// The page is chosen on the ideas table alone (ids and keys, in index order), then joined: a search or a
			// filter that matches thousands of ideas sorts those keys, not thousands of joined rows.
			const matching = query.terms.length > 0 ? await matchingAllTerms(db, dialect, query.terms, query.projectId) : undefined;
			const pageOf = (after: BoardCursor | undefined, extra: Expression<SqlBool> | undefined, limit: number) => {
				let page = db
					.selectFrom('ideas as i')
					.select(['i.id', expression.as('sortKey')])
					.where('i.project_id', '=', query.projectId)
					// I9: withdrawn ideas leave the board; MO3: hidden ones too.
					.where('i.withdrawn_at', 'is', null)
					.where('i.hidden_at', 'is', null);
				if (query.topicId) page = page.where('i.topic_id', '=', query.topicId);
				if (query.districtId) page = page.where('i.district_id', '=', query.districtId);
				if (query.status) page = page.where('i.status', '=', query.status);
				if (query.authorId) page = page.where('i.author_id', '=', query.authorId);
				if (matching) page = page.where(matching);
				if (extra) page = page.where(extra);
				if (after) page = page.where(descending ? sql<SqlBool>`(${expression}, i.id) < (${after.key}, ${after.id})` : sql<SqlBool>`(${expression}, i.id) > (${after.key}, ${after.id})`);
				const chosen = page.orderBy(expression, direction).orderBy('i.id', direction).limit(limit);
				return ideaViews(query.viewerId)
					.innerJoin(chosen.as('page'), 'page.id', 'i.id')
					.select('page.sortKey')
					.orderBy('page.sortKey', direction)
					.orderBy('i.id', direction)
					.execute();
			};
			if (query.sort !== 'random') return pageOf(query.after, undefined, query.limit);
			// After a cursor of the first part, its key already lies at or above the seed: a second bound on the same
			// column would only confuse SQLite's planner.
			const firstPart = query.after ? undefined : sql<SqlBool>`i.random_key >= ${query.seed}`;
			const rows = query.after?.wrapped ? [] : await pageOf(query.after, firstPart, query.limit);
			if (rows.length < query.limit) {
				const after = query.after?.wrapped ? query.after : undefined;
				rows.push(...(await pageOf(after, sql<SqlBool>`i.random_key < ${query.seed}`, query.limit - rows.length)));
			}
			return rows;
		},
		/**
		 * B9: the map's pins of a project, newest first, at most `limit`: one table, no join (topic ids become slugs
		 * from the city the service has cached), since this is the one query that reads thousands of rows per page.
		 */
		async pins(projectId: string, limit: number): Promise<PinRecord[]> {
			return db
				.selectFrom('ideas as i')
				.select([
					'i.id',
					'i.title',
					'i.language',
					'i.topic_id as topicId',
					'i.lat',
					'i.lng',
					'i.location_approximate as locationApproximate',
					'i.upvotes',
					'i.downvotes',
					'i.comment_count as commentCount',
					'i.votes_version as votesVersion'
				])
				.where('i.project_id', '=', projectId)
				.where('i.withdrawn_at', 'is', null)
				.where('i.hidden_at', 'is', null)
				.orderBy('i.created_at', 'desc')
				.orderBy('i.id', 'desc')
				.limit(limit)
				.execute();
		},
		/** B8: the project's ideas most like the given terms, best first, with the viewer's own vote on each. */
		async similar(projectId: string, viewerId: string | null, titleStems: readonly string[], bodyStems: readonly string[], limit: number): Promise<SimilarRecord[]> {
			const ids = await similarByStems(db, projectId, titleStems, bodyStems, limit);
			if (ids.length === 0) return [];
			const rows = await db
				.selectFrom('ideas as i')
				.innerJoin('topics as t', 't.id', 'i.topic_id')
				.leftJoin('votes as v', (join) => join.onRef('v.idea_id', '=', 'i.id').on('v.user_id', '=', viewerId ?? ''))
				.select([
					'i.id',
					'i.title',
					'i.language',
					't.slug as topicSlug',
					'i.upvotes',
					'i.downvotes',
					'i.comment_count as commentCount',
					'i.votes_version as votesVersion',
					'v.value as myVote'
				])
				.where('i.id', 'in', ids)
				.where('i.withdrawn_at', 'is', null)
				.where('i.hidden_at', 'is', null)
				.execute();
			const order = new Map(ids.map((id, index) => [id, index]));
			return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
		},
		/**
		 * The counts of these ideas, with `userId`'s own vote on each (null without one), read in one statement so
		 * that each vote and version belong together. Unknown ids are left out.
		 */
		async voteStandings(
			ids: readonly string[],
			userId: string | null
		): Promise<(VersionedTally & { id: string; projectId: string; myVote: number | null })[]> {
			if (ids.length === 0) return [];
			return db
				.selectFrom('ideas as i')
				.leftJoin('votes as v', (join) => join.onRef('v.idea_id', '=', 'i.id').on('v.user_id', '=', userId ?? ''))
				.select(['i.id', 'i.project_id as projectId', 'i.upvotes', 'i.downvotes', 'i.comment_count as commentCount', 'i.votes_version as votesVersion', 'v.value as myVote'])
				.where('i.id', 'in', ids)
				.execute();
		},
		/**
		 * What deciding an edit, a withdrawal or a duplicate mark needs about an idea and its project; on PostgreSQL the
		 * idea's row stays locked until the transaction ends, so two such changes apply one after another.
		 */
		async lockForChange(id: string): Promise<IdeaChangeTarget | undefined> {
			let query = db
				.selectFrom('ideas as i')
				.innerJoin('projects as p', 'p.id', 'i.project_id')
				.select([
					'i.id',
					'i.project_id as projectId',
					'p.status as projectStatus',
					'p.edit_window_minutes as editWindowMinutes',
					'i.author_id as authorId',
					'i.title',
					'i.body',
					'i.body_text as bodyText',
					'i.topic_id as topicId',
					'i.created_at as createdAt',
					'i.edited_at as editedAt',
					'i.withdrawn_at as withdrawnAt',
					'i.hidden_at as hiddenAt',
					'i.duplicate_of as duplicateOf',
					'i.status'
				])
				.where('i.id', '=', id);
			if (dialect === 'postgres') query = query.forUpdate('i');
			return query.executeTakeFirst();
		},
		/** I7: the idea's new text and topic, stamped with the edit's time. */
		async updateContent(id: string, content: { title: string; body: string; bodyText: string; topicId: string; editedAt: string }): Promise<void> {
			await db
				.updateTable('ideas')
				.set({ title: content.title, body: content.body, body_text: content.bodyText, topic_id: content.topicId, edited_at: content.editedAt, changed_at: content.editedAt })
				.where('id', '=', id)
				.execute();
			await replaceTitleStems(db, { id, title: content.title });
		},
		/** I9: the soft delete; the row stays, for the audit and for the page that keeps its address. */
		async withdraw(id: string, withdrawal: { at: string; by: string; reason: string }): Promise<void> {
			await db
				.updateTable('ideas')
				.set({ withdrawn_at: withdrawal.at, withdrawn_by: withdrawal.by, withdrawn_reason: withdrawal.reason, changed_at: withdrawal.at })
				.where('id', '=', id)
				.execute();
		},
		/**
		 * I10: `id` duplicates `of` (null: it no longer does), stamped `changedAt`. Like every change a map or a
		 * catch-up must see, it moves `changed_at` (M4).
		 */
		async setDuplicateOf(id: string, mark: { of: string; by: string; at: string } | null, changedAt: string): Promise<void> {
			await db
				.updateTable('ideas')
				.set({ duplicate_of: mark?.of ?? null, duplicate_marked_by: mark?.by ?? null, duplicate_marked_at: mark?.at ?? null, changed_at: changedAt })
				.where('id', '=', id)
				.execute();
		},
		/** I11: the ideas marked duplicates of this one, not withdrawn, oldest first, with their counts. */
		async duplicatesOf(id: string): Promise<{ id: string; title: string; language: string; upvotes: number; downvotes: number }[]> {
			return db
				.selectFrom('ideas')
				.select(['id', 'title', 'language', 'upvotes', 'downvotes'])
				.where('duplicate_of', '=', id)
				.where('withdrawn_at', 'is', null)
				.where('hidden_at', 'is', null)
				.orderBy('created_at')
				.orderBy('id')
				.execute();
		},
		/** Title and language of an idea, for a link to it (the original of a duplicate); `hiddenAt` for MO3's checks. */
		async findTitle(id: string): Promise<{ id: string; projectId: string; title: string; language: string; authorId: string; hiddenAt: string | null } | undefined> {
			return db
				.selectFrom('ideas')
				.select(['id', 'project_id as projectId', 'title', 'language', 'author_id as authorId', 'hidden_at as hiddenAt'])
				.where('id', '=', id)
				.executeTakeFirst();
		},
		/** A person's ideas that anyone may read (not hidden, not withdrawn), newest first: their profile's contributions. */
		async byAuthor(authorId: string, limit: number): Promise<AuthoredIdeaRecord[]> {
			return db
				.selectFrom('ideas')
				.select(['id', 'project_id as projectId', 'title', 'language', 'status', 'upvotes', 'comment_count as commentCount', 'created_at as createdAt'])
				.where('author_id', '=', authorId)
				.where('withdrawn_at', 'is', null)
				.where('hidden_at', 'is', null)
				.orderBy('created_at', 'desc')
				.orderBy('id', 'desc')
				.limit(limit)
				.execute();
		},
		/** MO3: which of these ideas are hidden, with their authors. */
		async hiddenAmong(ids: readonly string[]): Promise<{ id: string; authorId: string }[]> {
			if (ids.length === 0) return [];
			return db.selectFrom('ideas').select(['id', 'author_id as authorId']).where('id', 'in', ids).where('hidden_at', 'is not', null).execute();
		},
		/** Moves the cached counts by the given deltas, bumps their version and stamps `changedAt`; returns the new counts. */
		async addToTally(id: string, up: number, down: number, changedAt: string): Promise<VersionedTally> {
			return db
				.updateTable('ideas')
				.set((eb) => ({
					upvotes: eb('upvotes', '+', up),
					downvotes: eb('downvotes', '+', down),
					votes_version: eb('votes_version', '+', 1),
					changed_at: changedAt
				}))
				.where('id', '=', id)
				.returning(['upvotes', 'downvotes', 'comment_count as commentCount', 'votes_version as votesVersion'])
				.executeTakeFirstOrThrow();
		}
	};
}
