import { GUEST, requireSignedIn, roleSchema, type Actor } from '../../domain/actors';
import { mayReadHidden, reasonOf } from '../../domain/moderation';
import {
	addCommentSchema,
	COMMENT_PAGE_REPLY_LIMIT,
	COMMENT_PAGE_SIZE,
	commentHistorySchema,
	commentThreadQuerySchema,
	deleteCommentSchema,
	editCommentSchema,
	encodeCommentCursor,
	threadParentOf,
	upvoteCommentSchema,
	type CommentRevision,
	type CommentThreadEntry,
	type CommentThreadPage,
	type CommentUpvoteResult,
	type CommentView
} from '../../domain/comments';
import { DomainError } from '../../domain/errors';
import { idSchema } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { CommentForChange, CommentViewRecord, StoreRepositories } from '../storage/store';
import type { Idempotency } from './idempotency';

const COMMENT_LIST_LIMIT = 500;

/**
 * C4: a tombstone shows nothing of who said what. MO3: a hidden comment shows whole (with the reason) only to its
 * author and to moderators; to anyone else, the default reader included (broadcasts), it is a placeholder.
 */
export function toCommentView(record: CommentViewRecord, reader: Actor = GUEST): CommentView {
	const deleted = record.deletedAt !== null;
	if (record.hiddenAt !== null && !deleted && !mayReadHidden(reader, record.authorId)) {
		return {
			id: record.id,
			ideaId: record.ideaId,
			parentId: record.parentId,
			author: null,
			byIdeaAuthor: false,
			body: '',
			createdAt: record.createdAt,
			editedAt: null,
			deletedAt: null,
			upvotes: 0,
			version: record.version,
			myUpvote: false,
			hidden: { at: record.hiddenAt, reason: null, note: null }
		};
	}
	return {
		id: record.id,
		ideaId: record.ideaId,
		parentId: record.parentId,
		author: deleted ? null : { id: record.authorId, displayName: record.authorName, role: roleSchema.catch('citizen').parse(record.authorRole) },
		byIdeaAuthor: !deleted && record.authorId === record.ideaAuthorId,
		body: deleted ? '' : record.body,
		createdAt: record.createdAt,
		editedAt: deleted ? null : record.editedAt,
		deletedAt: record.deletedAt,
		upvotes: deleted ? 0 : record.upvotes,
		version: record.version,
		myUpvote: !deleted && record.myUpvote === 1,
		hidden: record.hiddenAt !== null && !deleted ? { at: record.hiddenAt, reason: reasonOf(record.hiddenReason), note: record.hiddenNote } : null
	};
}

const viewerOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

async function commentToChange(tx: StoreRepositories, commentId: string): Promise<CommentForChange> {
	const comment = await tx.comments.findForChange(commentId);
	if (!comment) throw new DomainError('not_found', 'comment_not_found');
	return comment;
}

/** C10: a closed project's conversations stay readable but take no new comments, replies or upvotes. */
async function requireOpenProject(tx: StoreRepositories, projectId: string): Promise<void> {
	const project = await tx.projects.findById(projectId);
	if (project?.status !== 'open') throw new DomainError('forbidden', 'project_closed_for_comments');
}

export function createCommentsService({ store, events, clock, ids, limits }: ServicePorts, idempotency: Idempotency) {
	return {
		/**
		 * C1/C2: a signed-in user comments on an existing idea, or replies to one of its comments (a reply to a reply
		 * goes under the top-level comment). R6 limits how often; with an idempotency key a retry returns the first
		 * result (I6). Counts the comment on its idea (V5) and publishes `idea.counted` and `comment.created` once.
		 */
		async add(actor: Actor, input: unknown): Promise<CommentView> {
			const author = requireSignedIn(actor, 'auth_sign_in_to_comment');
			const { ideaId, parentId, body } = parseInput(addCommentSchema, input);
			const key = idempotency.keyOf(input);
			const replayed = await idempotency.replay<CommentView>('comment.add', author.userId, key);
			if (replayed) return replayed;
			await limits.take('comment.add', limitSubjectOf(actor));
			const id = ids.next();
			const createdAt = clock.now().toISOString();
			let counts: Awaited<ReturnType<StoreRepositories['comments']['insert']>> | undefined;
			const { value: comment, fresh } = await idempotency.record('comment.add', author.userId, key, async (tx) => {
				const idea = await tx.ideas.findView(ideaId, null);
				if (!idea) throw new DomainError('not_found', 'idea_not_found');
				// I9: a withdrawn idea keeps its conversation readable but takes no new comments.
				if (idea.withdrawnAt !== null) throw new DomainError('conflict', 'idea_withdrawn');
				// MO10: nothing new is said on a hidden idea or under a hidden comment.
				if (idea.hiddenAt !== null) throw new DomainError('conflict', 'moderation_hidden_item');
				await requireOpenProject(tx, idea.projectId);
				let threadParent: string | null = null;
				if (parentId) {
					const parent = await tx.comments.findForChange(parentId);
					if (!parent || parent.ideaId !== ideaId) {
						throw new DomainError('not_found', 'comment_parent_not_found', {}, { parentId: { key: 'comment_parent_not_found' } });
					}
					if (parent.deletedAt !== null) throw new DomainError('conflict', 'comment_parent_deleted');
					if (parent.hiddenAt !== null) throw new DomainError('conflict', 'moderation_hidden_item');
					threadParent = threadParentOf(parent);
				}
				counts = await tx.comments.insert({ id, ideaId, parentId: threadParent, authorId: author.userId, body, createdAt });
				const stored = await tx.comments.findView(id, author.userId);
				if (!stored) throw new Error(`comment ${id} vanished after insert`);
				return toCommentView(stored, author);
			});
			if (fresh && counts) {
				const { projectId, ...tally } = counts;
				events.publish({ type: 'idea.counted', projectId, ideaId, ...tally });
				events.publish({ type: 'comment.created', ideaId, comment });
			}
			return comment;
		},

		/**
		 * C3: the author changes the body of their comment; the previous body joins its history. The same body changes
		 * nothing. R8 limits how often. Publishes `comment.edited`.
		 */
		async edit(actor: Actor, input: unknown): Promise<CommentView> {
			const editor = requireSignedIn(actor, 'auth_sign_in_to_comment');
			const { commentId, body } = parseInput(editCommentSchema, input);
			await limits.take('comment.edit', limitSubjectOf(actor));
			const { comment, changed } = await store.transaction(async (tx) => {
				const current = await commentToChange(tx, commentId);
				if (current.authorId !== editor.userId) throw new DomainError('forbidden', 'comment_edit_not_author');
				if (current.deletedAt !== null) throw new DomainError('conflict', 'comment_deleted');
				// MO10: a hidden comment keeps the words it was hidden for.
				if (current.hiddenAt !== null) throw new DomainError('conflict', 'moderation_hidden_item');
				const changed = current.body !== body;
				if (changed) await tx.comments.edit(current, body, clock.now().toISOString());
				const stored = await tx.comments.findView(commentId, editor.userId);
				if (!stored) throw new Error(`comment ${commentId} vanished during an edit`);
				return { comment: toCommentView(stored, editor), changed };
			});
			if (changed) events.publish({ type: 'comment.edited', ideaId: comment.ideaId, comment: { ...comment, myUpvote: false } });
			return comment;
		},

		/**
		 * C4: the author deletes their comment: it becomes a tombstone, its replies stay, and it no longer counts on its
		 * idea (V5: the counts get a new version). Deleting a tombstone changes nothing. R8 limits how often. Publishes
		 * `idea.counted` and `comment.deleted`.
		 */
		async delete(actor: Actor, input: unknown): Promise<CommentView> {
			const remover = requireSignedIn(actor, 'auth_sign_in_to_comment');
			const { commentId } = parseInput(deleteCommentSchema, input);
			await limits.take('comment.delete', limitSubjectOf(actor));
			const { comment, counts } = await store.transaction(async (tx) => {
				const current = await commentToChange(tx, commentId);
				if (current.authorId !== remover.userId) throw new DomainError('forbidden', 'comment_delete_not_author');
				const counts = current.deletedAt === null ? (await tx.comments.markDeleted(commentId, current.ideaId, clock.now().toISOString())).counts : null;
				const stored = await tx.comments.findView(commentId, remover.userId);
				if (!stored) throw new Error(`comment ${commentId} vanished during a deletion`);
				const tombstone = toCommentView(stored, remover);
				// A retry of the post that made it now gets the tombstone: its words are gone from there too.
				await tx.idempotency.replaceResultOf(remover.userId, 'comment.add', commentId, JSON.stringify(tombstone));
				return { comment: tombstone, counts };
			});
			if (counts) {
				const { projectId, ...tally } = counts;
				events.publish({ type: 'idea.counted', projectId, ideaId: comment.ideaId, ...tally });
				events.publish({
					type: 'comment.deleted',
					ideaId: comment.ideaId,
					commentId,
					parentId: comment.parentId,
					deletedAt: comment.deletedAt ?? '',
					version: comment.version
				});
			}
			return comment;
		},

		/**
		 * C5: gives (`value: true`) or takes back (`false`) the actor's upvote; doing what is already done changes
		 * nothing (C8: nor the version). Not on one's own comment, nor on a tombstone. R9 limits how often. Publishes
		 * `comment.counted` on a change.
		 */
		async upvote(actor: Actor, input: unknown): Promise<CommentUpvoteResult> {
			const voter = requireSignedIn(actor, 'auth_sign_in_to_vote');
			const { commentId, value } = parseInput(upvoteCommentSchema, input);
			await limits.take('comment.upvote', limitSubjectOf(actor));
			const { ideaId, upvotes, version, changed } = await store.transaction(async (tx) => {
				const current = await commentToChange(tx, commentId);
				if (current.deletedAt !== null) throw new DomainError('conflict', 'comment_deleted');
				if (current.hiddenAt !== null) throw new DomainError('conflict', 'moderation_hidden_item');
				if (current.authorId === voter.userId) throw new DomainError('forbidden', 'comment_upvote_own');
				const idea = await tx.ideas.findView(current.ideaId, null);
				if (idea) await requireOpenProject(tx, idea.projectId);
				const result = await tx.comments.setUpvote(commentId, voter.userId, value, clock.now().toISOString());
				return { ideaId: current.ideaId, ...result };
			});
			if (changed) events.publish({ type: 'comment.counted', ideaId, commentId, upvotes, version });
			return { ideaId, commentId, upvotes, version, myUpvote: value };
		},

		/**
		 * C6: one page of an idea's thread for this viewer (their own upvotes marked): `COMMENT_PAGE_SIZE` top-level
		 * comments in the chosen sort, each with its replies oldest first (at most `COMMENT_PAGE_REPLY_LIMIT` in all).
		 * Anyone may read, guests included.
		 */
		async thread(actor: Actor, input: unknown): Promise<CommentThreadPage> {
			const { ideaId, sort, cursor } = parseInput(commentThreadQuerySchema, input);
			const idea = await store.ideas.findView(ideaId, null);
			// MO3: a hidden idea's thread is read only by those who may read the idea.
			if (!idea || (idea.hiddenAt !== null && !mayReadHidden(actor, idea.authorId))) throw new DomainError('not_found', 'idea_not_found');
			const viewer = viewerOf(actor);
			const rows = await store.comments.topLevelPage(ideaId, viewer, sort, cursor ?? null, COMMENT_PAGE_SIZE + 1);
			const page = rows.slice(0, COMMENT_PAGE_SIZE).map((row) => toCommentView(row, actor));
			const replies = await store.comments.repliesOf(
				page.map((entry) => entry.id),
				viewer,
				COMMENT_PAGE_REPLY_LIMIT
			);
			const byParent = new Map<string, CommentView[]>();
			for (const reply of replies.map((row) => toCommentView(row, actor))) {
				const siblings = byParent.get(reply.parentId ?? '') ?? [];
				siblings.push(reply);
				byParent.set(reply.parentId ?? '', siblings);
			}
			const entries: CommentThreadEntry[] = page.map((entry) => ({ ...entry, replies: byParent.get(entry.id) ?? [] }));
			const last = rows.length > COMMENT_PAGE_SIZE ? rows[COMMENT_PAGE_SIZE - 1] : undefined;
			const nextCursor = last
				? encodeCommentCursor({ createdAt: last.createdAt, id: last.id, ...(sort === 'upvoted' ? { upvotes: last.upvotes } : {}) })
				: null;
			return { ideaId, sort, entries, nextCursor };
		},

		/** C3: the previous bodies of a comment, oldest first (none for a tombstone). Anyone may read. */
		async history(input: unknown, actor: Actor = GUEST): Promise<CommentRevision[]> {
			const { commentId } = parseInput(commentHistorySchema, input);
			const comment = await store.comments.findView(commentId, null);
			if (!comment) throw new DomainError('not_found', 'comment_not_found');
			if (comment.deletedAt !== null) return [];
			// MO3: a hidden comment's earlier words are hidden with it.
			if (comment.hiddenAt !== null && !mayReadHidden(actor, comment.authorId)) return [];
			return store.comments.revisions(commentId);
		},

		/**
		 * The current state of these comments as a broadcast carries it (`myUpvote` false): what the realtime layer
		 * sends again when broadcasts may have been lost (a Redis outage). Unknown ids are left out.
		 */
		async current(commentIds: readonly string[]): Promise<CommentView[]> {
			return (await store.comments.findViews(commentIds)).map((row) => toCommentView(row));
		},

		/** An idea's comments, oldest first (replies and tombstones included), for tests and exports. */
		async list(ideaId: unknown): Promise<{ id: string; ideaId: string; author: { id: string; displayName: string }; body: string; createdAt: string }[]> {
			const id = parseInput(idSchema, ideaId);
			return (await store.comments.listByIdea(id, COMMENT_LIST_LIMIT)).map((record) => ({
				id: record.id,
				ideaId: record.ideaId,
				author: { id: record.authorId, displayName: record.authorName },
				body: record.body,
				createdAt: record.createdAt
			}));
		}
	};
}

export type CommentsService = ReturnType<typeof createCommentsService>;
