import type { Executor } from './executor';
import type { Dialect } from './schema';
import type { VersionedTally } from './ideas';

export interface CommentRecord {
	id: string;
	ideaId: string;
	authorId: string;
	authorName: string;
	body: string;
	createdAt: string;
}

/** A comment as a viewer reads it: its author, whether that is the idea's author, and the viewer's own upvote. */
export interface CommentViewRecord extends CommentRecord {
	parentId: string | null;
	authorRole: string;
	ideaAuthorId: string;
	editedAt: string | null;
	deletedAt: string | null;
	upvotes: number;
	version: number;
	/** 1 when the viewer upvoted it. */
	myUpvote: number | null;
	/** MO3: set while a moderator keeps it hidden. */
	hiddenAt: string | null;
	hiddenReason: string | null;
	hiddenNote: string | null;
}

/** What a change of a comment needs to know first (read under a row lock on PostgreSQL). */
export interface CommentForChange {
	id: string;
	ideaId: string;
	projectId: string;
	parentId: string | null;
	authorId: string;
	body: string;
	createdAt: string;
	editedAt: string | null;
	deletedAt: string | null;
	hiddenAt: string | null;
}

/** Where a page of top-level comments continues (keyset), in its sort. */
export type ThreadKeyset = { createdAt: string; id: string; upvotes?: number };

export interface NewComment {
	id: string;
	ideaId: string;
	/** A reply's top-level comment (C2); absent or null for a top-level comment. */
	parentId?: string | null;
	authorId: string;
	body: string;
	createdAt: string;
}

/** The idea's counts after a change of its comment count (V5: with their new version). */
export type IdeaCounts = VersionedTally & { projectId: string };

export function commentsRepository(db: Executor, dialect: Dialect) {
	const views = (viewerId: string | null) =>
		db
			.selectFrom('comments as c')
			.innerJoin('users as u', 'u.id', 'c.author_id')
			.innerJoin('ideas as i', 'i.id', 'c.idea_id')
			.leftJoin('comment_votes as cv', (join) => join.onRef('cv.comment_id', '=', 'c.id').on('cv.user_id', '=', viewerId ?? ''))
			.select((eb) => [
				'c.id',
				'c.idea_id as ideaId',
				'c.parent_id as parentId',
				'c.author_id as authorId',
				'u.display_name as authorName',
				'u.role as authorRole',
				'i.author_id as ideaAuthorId',
				'c.body',
				'c.created_at as createdAt',
				'c.edited_at as editedAt',
				'c.deleted_at as deletedAt',
				'c.upvotes',
				'c.version',
				'c.hidden_at as hiddenAt',
				'c.hidden_reason as hiddenReason',
				'c.hidden_note as hiddenNote',
				eb.case().when('cv.user_id', 'is not', null).then(1).else(null).end().as('myUpvote')
			]);

	/** Moves the idea's comment count, bumps the version of its counts (V5) in the same statement, stamps changed_at. */
	async function moveIdeaCommentCount(ideaId: string, delta: 1 | -1, changedAt: string): Promise<IdeaCounts> {
		return db
			.updateTable('ideas')
			.set((eb) => ({ comment_count: eb('comment_count', '+', delta), votes_version: eb('votes_version', '+', 1), changed_at: changedAt }))
			.where('id', '=', ideaId)
			.returning(['project_id as projectId', 'upvotes', 'downvotes', 'comment_count as commentCount', 'votes_version as votesVersion'])
			.executeTakeFirstOrThrow();
	}

	return {
		/** Adds the comment and counts it on its idea (C4: only comments that are not deleted count); returns the idea's counts. */
		async insert(comment: NewComment): Promise<IdeaCounts> {
			await db
				.insertInto('comments')
				.values({
					id: comment.id,
					idea_id: comment.ideaId,
					parent_id: comment.parentId ?? null,
					author_id: comment.authorId,
					body: comment.body,
					created_at: comment.createdAt
				})
				.execute();
			return moveIdeaCommentCount(comment.ideaId, 1, comment.createdAt);
		},

		async findView(id: string, viewerId: string | null): Promise<CommentViewRecord | undefined> {
			return views(viewerId).where('c.id', '=', id).executeTakeFirst();
		},

		/** These comments as nobody in particular sees them; unknown ids are left out. */
		async findViews(ids: readonly string[]): Promise<CommentViewRecord[]> {
			if (ids.length === 0) return [];
			return views(null).where('c.id', 'in', ids).execute();
		},

		/**
		 * The comment with what a change checks; on PostgreSQL its row stays locked until the transaction ends, so
		 * concurrent edits, deletions and upvotes of one comment apply one after another (SQLite serialises writers).
		 */
		async findForChange(id: string): Promise<CommentForChange | undefined> {
			let query = db
				.selectFrom('comments as c')
				.innerJoin('ideas as i', 'i.id', 'c.idea_id')
				.select([
					'c.id',
					'c.idea_id as ideaId',
					'i.project_id as projectId',
					'c.parent_id as parentId',
					'c.author_id as authorId',
					'c.body',
					'c.created_at as createdAt',
					'c.edited_at as editedAt',
					'c.deleted_at as deletedAt',
					'c.hidden_at as hiddenAt'
				])
				.where('c.id', '=', id);
			if (dialect === 'postgres') query = query.forUpdate('c');
			return query.executeTakeFirst();
		},

		/** C3: keeps the current body as the next revision, then writes the new one; returns the new version. */
		async edit(comment: Pick<CommentForChange, 'id' | 'body' | 'createdAt' | 'editedAt'>, body: string, editedAt: string): Promise<number> {
			const { count } = await db
				.selectFrom('comment_revisions')
				.select((eb) => eb.fn.countAll<number>().as('count'))
				.where('comment_id', '=', comment.id)
				.executeTakeFirstOrThrow();
			await db
				.insertInto('comment_revisions')
				.values({ comment_id: comment.id, number: Number(count) + 1, body: comment.body, written_at: comment.editedAt ?? comment.createdAt })
				.execute();
			const { version } = await db
				.updateTable('comments')
				.set((eb) => ({ body, edited_at: editedAt, version: eb('version', '+', 1) }))
				.where('id', '=', comment.id)
				.returning('version')
				.executeTakeFirstOrThrow();
			return version;
		},

		/** C3: previous bodies, oldest first. */
		async revisions(commentId: string): Promise<{ body: string; writtenAt: string }[]> {
			return db
				.selectFrom('comment_revisions')
				.select(['body', 'written_at as writtenAt'])
				.where('comment_id', '=', commentId)
				.orderBy('number')
				.execute();
		},

		/**
		 * C4: turns the comment into a tombstone (body and history removed) and takes it off its idea's comment count;
		 * returns the comment's new version and the idea's counts.
		 */
		async markDeleted(id: string, ideaId: string, deletedAt: string): Promise<{ version: number; counts: IdeaCounts }> {
			const { version } = await db
				.updateTable('comments')
				.set((eb) => ({ body: '', deleted_at: deletedAt, edited_at: null, upvotes: 0, version: eb('version', '+', 1) }))
				.where('id', '=', id)
				.returning('version')
				.executeTakeFirstOrThrow();
			await db.deleteFrom('comment_revisions').where('comment_id', '=', id).execute();
			await db.deleteFrom('comment_votes').where('comment_id', '=', id).execute();
			return { version, counts: await moveIdeaCommentCount(ideaId, -1, deletedAt) };
		},

		/**
		 * C5: records or removes one person's upvote; when that changed anything, moves the cached count by exactly one
		 * and bumps the version (C8). Returns the comment's upvotes and version, and whether it changed.
		 */
		async setUpvote(commentId: string, userId: string, upvoted: boolean, at: string): Promise<{ upvotes: number; version: number; changed: boolean }> {
			let changed: boolean;
			if (upvoted) {
				const inserted = await db
					.insertInto('comment_votes')
					.values({ comment_id: commentId, user_id: userId, created_at: at })
					.onConflict((conflict) => conflict.columns(['comment_id', 'user_id']).doNothing())
					.executeTakeFirst();
				changed = Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
			} else {
				const deleted = await db.deleteFrom('comment_votes').where('comment_id', '=', commentId).where('user_id', '=', userId).executeTakeFirst();
				changed = Number(deleted.numDeletedRows) === 1;
			}
			if (!changed) {
				const current = await db.selectFrom('comments').select(['upvotes', 'version']).where('id', '=', commentId).executeTakeFirstOrThrow();
				return { ...current, changed };
			}
			const next = await db
				.updateTable('comments')
				.set((eb) => ({ upvotes: eb('upvotes', '+', upvoted ? 1 : -1), version: eb('version', '+', 1) }))
				.where('id', '=', commentId)
				.returning(['upvotes', 'version'])
				.executeTakeFirstOrThrow();
			return { ...next, changed };
		},

		/**
		 * C6: one page of an idea's top-level comments, newest first or most upvoted first (then newest), starting after
		 * `after`; a keyset scan of the partial index for that sort (migration 009).
		 */
		async topLevelPage(ideaId: string, viewerId: string | null, sort: 'newest' | 'upvoted', after: ThreadKeyset | null, limit: number): Promise<CommentViewRecord[]> {
			let query = views(viewerId).where('c.idea_id', '=', ideaId).where('c.parent_id', 'is', null);
			if (sort === 'upvoted') {
				if (after) {
					const upvotes = after.upvotes ?? 0;
					query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('c.upvotes', 'c.created_at', 'c.id'), '<', tuple(upvotes, after.createdAt, after.id)));
				}
				query = query.orderBy('c.upvotes', 'desc');
			} else if (after) {
				query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('c.created_at', 'c.id'), '<', tuple(after.createdAt, after.id)));
			}
			return query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
		},

		/** C6: the replies to these top-level comments, each parent's oldest first, at most `limit` in all. */
		async repliesOf(parentIds: readonly string[], viewerId: string | null, limit: number): Promise<CommentViewRecord[]> {
			if (parentIds.length === 0) return [];
			return views(viewerId)
				.where('c.parent_id', 'in', parentIds)
				.orderBy('c.parent_id')
				.orderBy('c.created_at')
				.orderBy('c.id')
				.limit(limit)
				.execute();
		},

		/** Oldest first, as a conversation reads (replies and tombstones included). */
		async listByIdea(ideaId: string, limit: number): Promise<CommentRecord[]> {
			return db
				.selectFrom('comments as c')
				.innerJoin('users as u', 'u.id', 'c.author_id')
				.select(['c.id', 'c.idea_id as ideaId', 'c.author_id as authorId', 'u.display_name as authorName', 'c.body', 'c.created_at as createdAt'])
				.where('c.idea_id', '=', ideaId)
				.orderBy('c.created_at')
				.orderBy('c.id')
				.limit(limit)
				.execute();
		}
	};
}
