import { describe, expect, it } from 'vitest';
import type { CommentThreadPage, CommentView } from '../domain/comments';
import { CommentThread } from './comment-thread.svelte';

let clock = 0;
function aComment(id: string, overrides: Partial<CommentView> = {}): CommentView {
	clock += 1;
	return {
		id,
		ideaId: 'idea',
		parentId: null,
		author: { id: 'someone', displayName: 'Someone', role: 'citizen' },
		byIdeaAuthor: false,
		body: `Body of ${id}`,
		createdAt: new Date(Date.UTC(2026, 0, 1, 0, clock)).toISOString(),
		editedAt: null,
		deletedAt: null,
		upvotes: 0,
		version: 1,
		myUpvote: false,
		...overrides
	};
}
const pageOf = (entries: CommentThreadPage['entries'], nextCursor: string | null = null): CommentThreadPage => ({ ideaId: 'idea', sort: 'newest', entries, nextCursor });
const ids = (thread: CommentThread) => thread.entries.map((entry) => [entry.id, entry.replies.map((reply) => reply.id)]);

describe('CommentThread', () => {
	it('[C9] inserts someone else’s comment when nothing would move, and holds it while the reader types', () => {
		const thread = new CommentThread(pageOf([{ ...aComment('a'), replies: [] }]));
		expect(thread.receive(aComment('b'), 'me', false)).toBe(false);
		expect(ids(thread)).toEqual([['b', []], ['a', []]]);
		thread.setFormActive('reply:a', true);
		expect(thread.typing).toBe(true);
		expect(thread.receive(aComment('c'), 'me', false)).toBe(true);
		expect(thread.receive(aComment('r', { parentId: 'a' }), 'me', false)).toBe(true);
		expect(ids(thread)).toEqual([['b', []], ['a', []]]);
		expect(thread.waitingCount).toBe(2);
		// Stopping typing does not insert anything by itself: the reader asks.
		thread.setFormActive('reply:a', false);
		expect(thread.waitingCount).toBe(2);
		expect(thread.showWaiting()?.id).toBe('c');
		expect(ids(thread)).toEqual([['c', []], ['b', []], ['a', ['r']]]);
		expect(thread.waitingCount).toBe(0);
	});

	it('[C9] holds a comment when inserting it would move what is in view', () => {
		const thread = new CommentThread(pageOf([]));
		expect(thread.receive(aComment('a'), null, true)).toBe(true);
		expect(thread.entries).toEqual([]);
	});

	it('[C9] the reader’s own comments appear at once, also while typing, and never twice', () => {
		const thread = new CommentThread(pageOf([{ ...aComment('a'), replies: [] }]));
		thread.setFormActive('new', true);
		const mine = aComment('mine', { author: { id: 'me', displayName: 'Me', role: 'citizen' } });
		expect(thread.receive(mine, 'me', true)).toBe(false);
		thread.addOwn(mine);
		const reply = aComment('my-reply', { parentId: 'a', author: { id: 'me', displayName: 'Me', role: 'citizen' } });
		thread.addOwn(reply);
		expect(thread.receive(reply, 'me', false)).toBe(false);
		expect(ids(thread)).toEqual([['mine', []], ['a', ['my-reply']]]);
	});

	it('[C9] a reply to a comment that waits waits with it, and shows after it', () => {
		const thread = new CommentThread(pageOf([]));
		thread.setFormActive('new', true);
		thread.receive(aComment('p'), 'me', false);
		thread.setFormActive('new', false);
		expect(thread.receive(aComment('q', { parentId: 'p' }), 'me', false)).toBe(true);
		thread.showWaiting();
		expect(ids(thread)).toEqual([['p', ['q']]]);
	});

	it('[C8] edits, deletions and counts apply by version, older ones never replace newer', () => {
		const a = aComment('a');
		const thread = new CommentThread(pageOf([{ ...a, replies: [aComment('r', { parentId: 'a' })] }]));
		thread.applyCounted({ ideaId: 'idea', commentId: 'a', upvotes: 4, version: 3 });
		thread.applyEdited({ ...a, body: 'Older edit', version: 2, editedAt: a.createdAt });
		expect(thread.find('a')).toMatchObject({ upvotes: 4, version: 3, body: 'Body of a' });
		thread.applyEdited({ ...a, body: 'Newer edit', upvotes: 4, version: 4, editedAt: a.createdAt });
		expect(thread.find('a')).toMatchObject({ body: 'Newer edit', editedAt: a.createdAt });
		thread.applyDeleted({ commentId: 'r', deletedAt: a.createdAt, version: 2 });
		expect(thread.find('r')).toMatchObject({ body: '', author: null, deletedAt: a.createdAt });
		expect(ids(thread)).toEqual([['a', ['r']]]);
	});

	it('[C9] facts about a comment under the reader’s open edit wait until the edit closes; counts do not wait', () => {
		const a = aComment('a');
		const thread = new CommentThread(pageOf([{ ...a, replies: [] }]));
		thread.setEditing('a', true);
		thread.applyEdited({ ...a, body: 'From my other tab', version: 2 });
		thread.applyCounted({ ideaId: 'idea', commentId: 'a', upvotes: 1, version: 3 });
		expect(thread.find('a')).toMatchObject({ body: 'Body of a', upvotes: 1 });
		thread.setEditing('a', false);
		// The edit is older than the count now shown: the version decides (C8).
		expect(thread.find('a')).toMatchObject({ body: 'Body of a', version: 3 });
		thread.setEditing('a', true);
		thread.applyDeleted({ commentId: 'a', deletedAt: a.createdAt, version: 5 });
		expect(thread.find('a')?.deletedAt).toBeNull();
		thread.setEditing('a', false);
		expect(thread.find('a')?.deletedAt).toBe(a.createdAt);
	});

	it('[C5] the reader’s own upvote comes from its ack; other people’s counts keep it', () => {
		const thread = new CommentThread(pageOf([{ ...aComment('a'), replies: [] }]));
		thread.applyOwnUpvote({ ideaId: 'idea', commentId: 'a', upvotes: 1, version: 2, myUpvote: true });
		thread.applyCounted({ ideaId: 'idea', commentId: 'a', upvotes: 2, version: 3 });
		expect(thread.find('a')).toMatchObject({ upvotes: 2, myUpvote: true });
		thread.applyOwnUpvote({ ideaId: 'idea', commentId: 'a', upvotes: 1, version: 2, myUpvote: true });
		expect(thread.find('a')).toMatchObject({ upvotes: 2, version: 3 });
	});

	it('[C6] "load more" appends the next page without repeating what is shown; a reset starts over', () => {
		const thread = new CommentThread(pageOf([{ ...aComment('a'), replies: [] }], 'cursor-1'));
		thread.addOwn(aComment('b'));
		thread.appendPage(pageOf([{ ...aComment('b'), replies: [] }, { ...aComment('c'), replies: [] }]));
		expect(ids(thread)).toEqual([['b', []], ['a', []], ['c', []]]);
		expect(thread.nextCursor).toBeNull();
		thread.setFormActive('new', true);
		thread.receive(aComment('d'), null, false);
		thread.reset({ ...pageOf([{ ...aComment('z'), replies: [] }]), sort: 'upvoted' });
		expect(ids(thread)).toEqual([['z', []]]);
		expect(thread).toMatchObject({ sort: 'upvoted', waitingCount: 0 });
	});

	it('[C9] after a failed recovery, unseen comments are held like new ones and shown ones take newer states', () => {
		const a = aComment('a');
		const thread = new CommentThread(pageOf([{ ...a, replies: [] }]));
		thread.catchUp(pageOf([{ ...aComment('n'), replies: [aComment('nr', { parentId: 'n' })] }, { ...a, body: 'Edited meanwhile', version: 2, replies: [] }]), null, true);
		expect(thread.find('a')?.body).toBe('Edited meanwhile');
		expect(thread.waitingCount).toBe(2);
		thread.showWaiting();
		expect(ids(thread)).toEqual([['n', ['nr']], ['a', []]]);
	});

	it('[MO3] comment:hidden drops the words for a reader, keeps them marked for a moderator, also while editing; comment:restored brings them back', () => {
		const reader = new CommentThread(pageOf([{ ...aComment('a'), replies: [aComment('r', { parentId: 'a' })] }]));
		const moderator = new CommentThread(pageOf([{ ...aComment('a'), replies: [] }]));
		reader.setEditing('r', true);
		reader.applyHidden('r', 2, false);
		moderator.applyHidden('a', 2, true);
		expect(reader.find('r')).toMatchObject({ body: '', author: null, hidden: { reason: null }, version: 2 });
		expect(moderator.find('a')).toMatchObject({ body: 'Body of a', author: { id: 'someone' }, hidden: { reason: null }, version: 2 });
		// An older fact changes nothing.
		reader.applyHidden('a', 1, false);
		expect(reader.find('a')).toMatchObject({ body: 'Body of a' });
		expect(reader.find('a')?.hidden ?? null).toBeNull();
		reader.applyRestored(aComment('r', { parentId: 'a', body: 'Back again', version: 3, hidden: null }));
		expect(reader.find('r')).toMatchObject({ body: 'Back again', author: { id: 'someone' }, hidden: null, version: 3 });
	});
});
