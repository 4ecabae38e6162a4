import { redirect, type RequestEvent } from '@sveltejs/kit';
import { COMMENT_BODY_MAX, COMMENT_SORTS, type CommentSort, type CommentThreadPage } from '../domain/comments';
import type { Actor } from '../domain/actors';
import { localizeHref } from '../paraglide/runtime.js';
import type { App } from './app';
import { failFromDomain } from './http-errors';

/** The idea page's query parameters for its thread: `comments` (the sort) and `after` (a page's cursor, no-JS "load more"). */
export const THREAD_SORT_PARAM = 'comments';
export const THREAD_CURSOR_PARAM = 'after';

/** C6: the thread page the idea page shows first; an unknown sort in the address reads as the default. */
export function loadCommentThread(app: App, actor: Actor, ideaId: string, url: URL): Promise<CommentThreadPage> {
	const asked = url.searchParams.get(THREAD_SORT_PARAM);
	const sort: CommentSort = (COMMENT_SORTS as readonly string[]).includes(asked ?? '') ? (asked as CommentSort) : 'newest';
	return app.services.comments.thread(actor, { ideaId, sort, cursor: url.searchParams.get(THREAD_CURSOR_PARAM) });
}

const text = (value: FormDataEntryValue | null, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
/** An optional field: absent or empty means not given; anything else reaches the service, which parses it. */
const optional = (value: FormDataEntryValue | null) => (value === null || value === '' ? undefined : value);
/** The no-JavaScript upvote button says `true` or `false`; anything else reaches the service as-is and fails its parse. */
const UPVOTE_VALUES = new Map<unknown, boolean>([
	['true', true],
	['false', false]
]);

type CommentActionEvent = Pick<RequestEvent<{ id: string }>, 'request' | 'locals' | 'params' | 'url'>;

/** Back on the idea page at the comment, in the reader's language (the fragment survives the 303). */
function backTo(event: CommentActionEvent, commentId: string): never {
	redirect(303, `${localizeHref(event.url.pathname, { locale: event.locals.locale })}#comment-${commentId}`);
}

/**
 * The idea page's form actions for readers without JavaScript (with it, the page uses its live connection): each
 * calls one comments service method and returns to `#comment-<id>`; a refusal re-renders the page with the message
 * and, for `comment`/`commentEdit`, what was typed, keyed by the form (`commentForm`) so it shows beside that field.
 */
export const commentActions = {
	comment: async (event: CommentActionEvent) => {
		const form = await event.request.formData();
		const parentId = optional(form.get('parentId'));
		let createdId: string;
		try {
			const input = { ideaId: event.params.id, body: form.get('body'), parentId, idempotencyKey: optional(form.get('idempotencyKey')) };
			createdId = (await event.locals.app.services.comments.add(event.locals.actor, input)).id;
		} catch (error) {
			return failFromDomain(error, { commentForm: typeof parentId === 'string' ? `reply:${text(parentId, 64)}` : 'new', body: text(form.get('body'), COMMENT_BODY_MAX * 2) });
		}
		backTo(event, createdId);
	},
	commentEdit: async (event: CommentActionEvent) => {
		const form = await event.request.formData();
		const commentId = form.get('commentId');
		try {
			await event.locals.app.services.comments.edit(event.locals.actor, { commentId, body: form.get('body') });
		} catch (error) {
			return failFromDomain(error, { commentForm: `edit:${text(commentId, 64)}`, body: text(form.get('body'), COMMENT_BODY_MAX * 2) });
		}
		backTo(event, text(commentId, 64));
	},
	commentDelete: async (event: CommentActionEvent) => {
		const form = await event.request.formData();
		const commentId = form.get('commentId');
		try {
			await event.locals.app.services.comments.delete(event.locals.actor, { commentId });
		} catch (error) {
			return failFromDomain(error, { commentForm: `delete:${text(commentId, 64)}` });
		}
		backTo(event, text(commentId, 64));
	},
	commentUpvote: async (event: CommentActionEvent) => {
		const form = await event.request.formData();
		const commentId = form.get('commentId');
		const value = form.get('value');
		try {
			await event.locals.app.services.comments.upvote(event.locals.actor, { commentId, value: UPVOTE_VALUES.get(value) ?? value });
		} catch (error) {
			return failFromDomain(error, { commentForm: `upvote:${text(commentId, 64)}` });
		}
		backTo(event, text(commentId, 64));
	}
};
