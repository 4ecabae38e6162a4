import type { Executor } from './executor';

export interface CommentRecord {
	id: string;
	ideaId: string;
	authorId: string;
	authorName: string;
	body: string;
	createdAt: string;
}

export function commentsRepository(db: Executor) {
	return {
		async insert(comment: Omit<CommentRecord, 'authorName'>): Promise<void> {
			await db
				.insertInto('comments')
				.values({
					id: comment.id,
					idea_id: comment.ideaId,
					author_id: comment.authorId,
					body: comment.body,
					created_at: comment.createdAt
				})
				.execute();
			await db
				.updateTable('ideas')
				.set((eb) => ({ comment_count: eb('comment_count', '+', 1), votes_version: eb('votes_version', '+', 1), changed_at: comment.createdAt }))
				.where('id', '=', comment.ideaId)
				.execute();
		},
		/** Oldest first, as a conversation reads. */
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
