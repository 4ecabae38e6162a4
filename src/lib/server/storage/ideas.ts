import type { Executor } from './executor';

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

export function ideasRepository(db: Executor) {
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
				.where('i.changed_at', '>', since)
				.orderBy('i.created_at', 'desc')
				.orderBy('i.id', 'desc')
				.limit(limit)
				.execute();
		},
		/** Newest first. */
		async listViews(projectId: string, viewerId: string | null, limit: number): Promise<IdeaViewRecord[]> {
			return ideaViews(viewerId)
				.where('i.project_id', '=', projectId)
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
