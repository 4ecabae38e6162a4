import type { Executor } from './executor';
import type { Dialect } from './schema';

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
	duplicateOf: string | null;
}

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
					changed_at: idea.createdAt
				})
				.execute();
		},
		async findView(id: string, viewerId: string | null): Promise<IdeaViewRecord | undefined> {
			return ideaViews(viewerId).where('i.id', '=', id).executeTakeFirst();
		},
		/**
		 * The ideas of a project created, voted on or commented on after `since` (an ISO time), newest first, at most
		 * `limit`.
		 */
		async listChangedSince(projectId: string, viewerId: string | null, since: string, limit: number): Promise<IdeaViewRecord[]> {
			return ideaViews(viewerId)
				.where('i.project_id', '=', projectId)
				.where('i.withdrawn_at', 'is', null)
				.where('i.changed_at', '>', since)
				.orderBy('i.created_at', 'desc')
				.orderBy('i.id', 'desc')
				.limit(limit)
				.execute();
		},
		/** Newest first; withdrawn ideas left out (I9). */
		async listViews(projectId: string, viewerId: string | null, limit: number): Promise<IdeaViewRecord[]> {
			return ideaViews(viewerId)
				.where('i.project_id', '=', projectId)
				.where('i.withdrawn_at', 'is', null)
				.orderBy('i.created_at', 'desc')
				.orderBy('i.id', 'desc')
				.limit(limit)
				.execute();
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
					'i.duplicate_of as duplicateOf'
				])
				.where('i.id', '=', id);
			if (dialect === 'postgres') query = query.forUpdate('i');
			return query.executeTakeFirst();
		},
		/** I7: the idea's new text and topic, stamped with the edit's time. */
		async updateContent(id: string, content: { title: string; body: string; bodyText: string; topicId: string; editedAt: string }): Promise<void> {
			await db
				.updateTable('ideas')
				.set({ title: content.title, body: content.body, body_text: content.bodyText, topic_id: content.topicId, edited_at: content.editedAt })
				.where('id', '=', id)
				.execute();
		},
		/** I9: the soft delete; the row stays, for the audit and for the page that keeps its address. */
		async withdraw(id: string, withdrawal: { at: string; by: string; reason: string }): Promise<void> {
			await db
				.updateTable('ideas')
				.set({ withdrawn_at: withdrawal.at, withdrawn_by: withdrawal.by, withdrawn_reason: withdrawal.reason })
				.where('id', '=', id)
				.execute();
		},
		/** I10: `id` duplicates `of` (null: it no longer does). */
		async setDuplicateOf(id: string, mark: { of: string; by: string; at: string } | null): Promise<void> {
			await db
				.updateTable('ideas')
				.set({ duplicate_of: mark?.of ?? null, duplicate_marked_by: mark?.by ?? null, duplicate_marked_at: mark?.at ?? null })
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
				.orderBy('created_at')
				.orderBy('id')
				.execute();
		},
		/** Title and language of an idea, for a link to it (the original of a duplicate). */
		async findTitle(id: string): Promise<{ id: string; projectId: string; title: string; language: string } | undefined> {
			return db.selectFrom('ideas').select(['id', 'project_id as projectId', 'title', 'language']).where('id', '=', id).executeTakeFirst();
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
