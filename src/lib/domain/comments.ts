import { z } from 'zod';
import type { Role } from './actors';
import { idSchema } from './ideas';
import { idempotencyKeySchema } from './idempotency';
import type { HiddenNotice } from './moderation';
import { personText } from './text';

export const COMMENT_BODY_MAX = 2000;
/** How many top-level comments one page of a thread holds (each with all its replies, C6). */
export const COMMENT_PAGE_SIZE = 20;
/** The most replies one page carries in all; past it the page is cut short and the rest comes with the next (C6). */
export const COMMENT_PAGE_REPLY_LIMIT = 500;

const commentBody = personText({ kind: 'multiline', min: 2, max: COMMENT_BODY_MAX, required: 'comment_body_required' });

/** C1/C2: a comment on an idea, or (with `parentId`) a reply to one of its comments. */
export const addCommentSchema = z.object({
	ideaId: idSchema,
	parentId: idSchema.nullish(),
	body: commentBody,
	idempotencyKey: idempotencyKeySchema.optional()
});

export const editCommentSchema = z.object({ commentId: idSchema, body: commentBody });
export const deleteCommentSchema = z.object({ commentId: idSchema });
export const upvoteCommentSchema = z.object({ commentId: idSchema, value: z.boolean({ error: 'validation_invalid' }) });
export const commentHistorySchema = z.object({ commentId: idSchema });

/** C6: how top-level comments are ordered; replies always read oldest first under their parent. */
export const COMMENT_SORTS = ['newest', 'upvoted'] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];
export const commentSortSchema = z.enum(COMMENT_SORTS, { error: 'validation_invalid' });

/** Where the next page starts: just after the last top-level comment of this one, in the page's sort (keyset). */
export interface CommentCursor {
	readonly createdAt: string;
	readonly id: string;
	/** Only in the `upvoted` sort. */
	readonly upvotes?: number;
}

const cursorShape = z.object({
	createdAt: z.iso.datetime(),
	id: idSchema,
	upvotes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()
});

/** Opaque to clients: base64url of the keyset's JSON. */
export function encodeCommentCursor(cursor: CommentCursor): string {
	const json = JSON.stringify(cursor);
	const bytes = new TextEncoder().encode(json);
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The cursor a client sent back, or undefined when it is not one this server made. */
export function decodeCommentCursor(text: string): CommentCursor | undefined {
	if (text.length > 300 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
	try {
		const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
		const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
		const parsed = cursorShape.safeParse(JSON.parse(json));
		return parsed.success ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}

export const commentThreadQuerySchema = z.object({
	ideaId: idSchema,
	sort: commentSortSchema.default('newest'),
	cursor: z
		.string({ error: 'validation_invalid' })
		.transform((text, context) => {
			const cursor = decodeCommentCursor(text);
			if (!cursor) context.addIssue({ code: 'custom', message: 'validation_invalid' });
			return cursor;
		})
		.nullish()
});

/** One comment as a reader sees it. A deleted comment (C4) is a tombstone: no author, no body, no upvotes. */
export interface CommentView {
	readonly id: string;
	readonly ideaId: string;
	/** The top-level comment this one replies to (C2), or null. */
	readonly parentId: string | null;
	readonly author: { readonly id: string; readonly displayName: string; readonly role: Role } | null;
	/** C7: whether the comment's author is the idea's author (badged "author"). */
	readonly byIdeaAuthor: boolean;
	readonly body: string;
	readonly createdAt: string;
	/** C3: when the body was last changed, or null. */
	readonly editedAt: string | null;
	/** C4: when the author deleted it, or null. */
	readonly deletedAt: string | null;
	readonly upvotes: number;
	/** C8: every change of the comment (edit, delete, upvotes) gets a higher version; a reader keeps the newer state. */
	readonly version: number;
	/** Whether the viewer upvoted it (always false in broadcasts). */
	readonly myUpvote: boolean;
	/**
	 * MO3: null unless a moderator hid it. Its author and moderators read it whole with the reason; everyone else reads
	 * a placeholder: no author, no body, no reason.
	 */
	readonly hidden?: HiddenNotice | null;
}

/** A top-level comment with its replies, oldest first. */
export interface CommentThreadEntry extends CommentView {
	readonly replies: readonly CommentView[];
}

/** One page of an idea's thread. */
export interface CommentThreadPage {
	readonly ideaId: string;
	readonly sort: CommentSort;
	readonly entries: readonly CommentThreadEntry[];
	/** Where the next page starts, or null when this is the last one. */
	readonly nextCursor: string | null;
}

/** A previous body of an edited comment (C3), oldest first; the current body is the comment's own. */
export interface CommentRevision {
	readonly body: string;
	/** When this body was first shown: the comment's creation, or the edit that wrote it. */
	readonly writtenAt: string;
}

/** C8: a comment's upvotes as a versioned snapshot. */
export interface CommentCount {
	readonly ideaId: string;
	readonly commentId: string;
	readonly upvotes: number;
	readonly version: number;
}

/** What `upvote` answers: the new snapshot and the actor's own upvote. */
export interface CommentUpvoteResult extends CommentCount {
	readonly myUpvote: boolean;
}

/**
 * C2: where a reply attaches. Threads are two levels deep: a reply to a top-level comment goes under it; a reply to a
 * reply goes under that reply's own parent, the top-level comment, so "reply" works everywhere without nesting deeper.
 */
export function threadParentOf(target: { readonly id: string; readonly parentId: string | null }): string {
	return target.parentId ?? target.id;
}

/** C4: what a deleted comment shows: the thread keeps its place, nothing of what was said. */
export function tombstoneOf<View extends CommentView>(comment: View, deletedAt: string, version: number): View {
	return { ...comment, author: null, byIdeaAuthor: false, body: '', editedAt: null, deletedAt, upvotes: 0, myUpvote: false, version };
}
