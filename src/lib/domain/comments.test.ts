import { describe, expect, it } from 'vitest';
import { addCommentSchema, commentThreadQuerySchema, decodeCommentCursor, encodeCommentCursor, threadParentOf, tombstoneOf, upvoteCommentSchema, type CommentView } from './comments';

const aComment = (overrides: Partial<CommentView> = {}): CommentView => ({
	id: 'c1',
	ideaId: 'i1',
	parentId: null,
	author: { id: 'u1', displayName: 'Amira', role: 'citizen' },
	byIdeaAuthor: true,
	body: 'Words',
	createdAt: '2026-01-01T00:00:00.000Z',
	editedAt: '2026-01-02T00:00:00.000Z',
	deletedAt: null,
	upvotes: 3,
	version: 4,
	myUpvote: true,
	...overrides
});

describe('comments domain', () => {
	it('[C2] a reply to a top-level comment goes under it; a reply to a reply goes under its parent', () => {
		expect(threadParentOf({ id: 'top', parentId: null })).toBe('top');
		expect(threadParentOf({ id: 'reply', parentId: 'top' })).toBe('top');
	});

	it('[C4] a tombstone keeps its place and version, and nothing of who said what', () => {
		expect(tombstoneOf(aComment(), '2026-01-03T00:00:00.000Z', 5)).toEqual(
			aComment({ author: null, byIdeaAuthor: false, body: '', editedAt: null, deletedAt: '2026-01-03T00:00:00.000Z', upvotes: 0, myUpvote: false, version: 5 })
		);
	});

	it('[C6] a cursor survives its round trip; anything else is not a cursor', () => {
		const cursor = { createdAt: '2026-01-01T00:00:00.000Z', id: 'abc_DEF-1', upvotes: 12 };
		expect(decodeCommentCursor(encodeCommentCursor(cursor))).toEqual(cursor);
		expect(decodeCommentCursor('not a cursor')).toBeUndefined();
		expect(decodeCommentCursor(encodeCommentCursor({ createdAt: 'yesterday', id: 'x' }))).toBeUndefined();
		expect(decodeCommentCursor('x'.repeat(400))).toBeUndefined();
		expect(commentThreadQuerySchema.safeParse({ ideaId: 'i1', cursor: 'garbage' }).success).toBe(false);
		expect(commentThreadQuerySchema.parse({ ideaId: 'i1' })).toMatchObject({ sort: 'newest' });
	});

	it('[T2] [C1] comment bodies go through text hygiene; an upvote is a boolean', () => {
		expect(addCommentSchema.safeParse({ ideaId: 'i1', body: 'Hi\u0000' }).success).toBe(false);
		expect(addCommentSchema.parse({ ideaId: 'i1', body: '  Caf\u0065\u0301 ok  ' }).body).toBe('Café ok');
		expect(addCommentSchema.safeParse({ ideaId: 'i1', body: 'x'.repeat(2001) }).success).toBe(false);
		expect(upvoteCommentSchema.safeParse({ commentId: 'c1', value: 1 }).success).toBe(false);
	});
});
