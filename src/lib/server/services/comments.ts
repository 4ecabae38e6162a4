import { requireSignedIn, type Actor } from '../../domain/actors';
import { addCommentSchema, type Comment } from '../../domain/comments';
import { DomainError } from '../../domain/errors';
import { idSchema } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { CommentRecord } from '../storage/store';

const COMMENT_LIST_LIMIT = 500;

function toComment(record: CommentRecord): Comment {
	return {
		id: record.id,
		ideaId: record.ideaId,
		author: { id: record.authorId, displayName: record.authorName },
		body: record.body,
		createdAt: record.createdAt
	};
}

export function createCommentsService({ store, clock, ids, limits }: ServicePorts) {
	return {
		/** C1: a signed-in user comments on an existing idea; R6 limits how often. (Live comments arrive with the ideation board.) */
		async add(actor: Actor, input: unknown): Promise<Comment> {
			const author = requireSignedIn(actor, 'auth_sign_in_to_comment');
			const { ideaId, body } = parseInput(addCommentSchema, input);
			await limits.take('comment.add', limitSubjectOf(actor));
			const comment = { id: ids.next(), ideaId, body, createdAt: clock.now().toISOString() };
			await store.transaction(async (tx) => {
				if (!(await tx.ideas.findView(ideaId, null))) throw new DomainError('not_found', 'idea_not_found');
				await tx.comments.insert({ ...comment, authorId: author.userId });
			});
			return { ...comment, author: { id: author.userId, displayName: author.displayName } };
		},

		/** An idea's comments, oldest first. */
		async list(ideaId: unknown): Promise<Comment[]> {
			const id = parseInput(idSchema, ideaId);
			return (await store.comments.listByIdea(id, COMMENT_LIST_LIMIT)).map(toComment);
		}
	};
}

export type CommentsService = ReturnType<typeof createCommentsService>;
