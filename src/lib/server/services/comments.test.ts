import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import { COMMENT_PAGE_SIZE } from '../../domain/comments';
import { LIMITS } from '../../domain/limits';
import type { App } from '../app';
import { createTestApp, recordEvents, withoutListeners } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { signIn, signInCitizen, type SignedInPersona } from '../../../../tests/support/personas';

describe('comments', () => {
	let app: App;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let ideaId: string;
	beforeEach(async () => {
		app = await createTestApp();
		amira = await signIn(app, 'amira');
		bruno = await signIn(app, 'bruno');
		ideaId = (await anIdea(app, bruno.actor, (await aProject(app)).id)).id;
	});
	afterEach(() => app.close());

	const comment = (who: SignedInPersona, body: string, extra: Record<string, unknown> = {}) => app.services.comments.add(who.actor, { ideaId, body, ...extra });

	it('[R6] one account comments at most 10 times a minute, whichever transport; another account is not held back', async () => {
		const perMinute = LIMITS['comment.add'][0].points;
		const attempts = await Promise.allSettled(
			Array.from({ length: perMinute + 3 }, (_, n) => app.services.comments.add({ ...amira.actor, address: '203.0.113.4' }, { ideaId, body: `Comment ${n}` }))
		);
		expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(perMinute);
		const refusal = attempts.find((attempt) => attempt.status === 'rejected') as PromiseRejectedResult;
		expect(refusal.reason).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
		expect(await app.services.comments.list(ideaId)).toHaveLength(perMinute);
		await expect(comment(bruno, 'Still welcome')).resolves.toMatchObject({ body: 'Still welcome' });
		await expect(comment(amira, '')).rejects.toMatchObject({ code: 'invalid' });
	});

	it('[C1] guests read but do not comment; a comment on an unknown idea is not found', async () => {
		await expect(app.services.comments.add(GUEST, { ideaId, body: 'Hello there' })).rejects.toMatchObject({ code: 'unauthenticated', key: 'auth_sign_in_to_comment' });
		await expect(app.services.comments.add(amira.actor, { ideaId: 'nope', body: 'Hello there' })).rejects.toMatchObject({ code: 'not_found' });
		await comment(amira, 'Visible to guests');
		const page = await app.services.comments.thread(GUEST, { ideaId });
		expect(page.entries.map((entry) => entry.body)).toEqual(['Visible to guests']);
	});

	it('[C1][I9] a withdrawn idea keeps its thread readable and takes no new comment', async () => {
		await comment(amira, 'Before it was withdrawn');
		await app.services.ideas.withdraw(bruno.actor, { ideaId, reason: 'Posted twice by mistake' });
		await expect(comment(amira, 'After it was withdrawn')).rejects.toMatchObject({ code: 'conflict', key: 'idea_withdrawn' });
		expect((await app.services.comments.thread(GUEST, { ideaId })).entries.map((entry) => entry.body)).toEqual(['Before it was withdrawn']);
	});

	it('[C10] a closed project keeps its threads readable; new comments, replies and upvotes are refused', async () => {
		const first = await comment(amira, 'Before the project closed');
		const project = await aProject(app, { status: 'closed' });
		const { topics, districts } = await app.services.city.get();
		const closingIdea = { id: 'in-closed-project' };
		await app.store.ideas.insert({
			id: closingIdea.id, projectId: project.id, authorId: bruno.actor.userId, title: 'Old idea', body: '<p>From before the project closed.</p>', bodyText: 'From before the project closed.',
			topicId: topics[0]!.id, districtId: districts[0]!.id, lat: 50.85, lng: 4.35, locationApproximate: false, language: 'en', status: 'proposed', createdAt: new Date().toISOString()
		});
		const early = { id: 'said-while-open' };
		await app.store.comments.insert({ id: early.id, ideaId: closingIdea.id, parentId: null, authorId: amira.actor.userId, body: 'Said while it was open', createdAt: new Date().toISOString() });
		const closed = { code: 'forbidden', key: 'project_closed_for_comments' };
		await expect(app.services.comments.add(bruno.actor, { ideaId: closingIdea.id, body: 'Too late now' })).rejects.toMatchObject(closed);
		await expect(app.services.comments.add(bruno.actor, { ideaId: closingIdea.id, parentId: early.id, body: 'A late reply' })).rejects.toMatchObject(closed);
		await expect(app.services.comments.upvote(bruno.actor, { commentId: early.id, value: true })).rejects.toMatchObject(closed);
		expect((await app.services.comments.thread(GUEST, { ideaId: closingIdea.id })).entries.map((entry) => entry.body)).toEqual(['Said while it was open']);
		await expect(app.services.comments.upvote(bruno.actor, { commentId: first.id, value: true })).resolves.toMatchObject({ upvotes: 1 });
	});

	it('[C1] [V5] a comment counts on its idea with a new version of its counts, published as idea.counted and comment.created', async () => {
		const events = recordEvents(app, withoutListeners);
		const before = await app.services.ideas.get(GUEST, ideaId);
		const created = await comment(amira, 'Counted at once');
		const after = await app.services.ideas.get(GUEST, ideaId);
		expect(after.commentCount).toBe(before.commentCount + 1);
		expect(after.votesVersion).toBe(before.votesVersion + 1);
		expect(events).toEqual([
			expect.objectContaining({ type: 'idea.counted', ideaId, commentCount: after.commentCount, votesVersion: after.votesVersion }),
			{ type: 'comment.created', ideaId, comment: created }
		]);
		expect(created).toMatchObject({ parentId: null, author: { id: amira.actor.userId, role: 'citizen' }, byIdeaAuthor: false, upvotes: 0, version: 1, myUpvote: false });
	});

	it('[I6] a retried comment with the same idempotency key is posted once', async () => {
		const events = recordEvents(app, withoutListeners);
		const key = 'comment-key-0123456789';
		const [first, second] = await Promise.all([comment(amira, 'Only once', { idempotencyKey: key }), comment(amira, 'Only once', { idempotencyKey: key })]);
		expect(second.id).toBe(first.id);
		expect(await app.services.comments.list(ideaId)).toHaveLength(1);
		expect(events.filter((event) => event.type === 'comment.created')).toHaveLength(1);
		await expect(comment(amira, 'Bad key', { idempotencyKey: 'short' })).rejects.toMatchObject({ code: 'invalid' });
	});

	it('[I6] [C4] once deleted, a comment’s words are gone from its idempotency record too: a retry gets the tombstone', async () => {
		const key = 'comment-key-to-delete-01';
		const posted = await comment(amira, 'Words I regret writing', { idempotencyKey: key });
		await comment(amira, 'Another comment that stays', { idempotencyKey: 'comment-key-that-stays-1' });
		await app.services.comments.delete(amira.actor, { commentId: posted.id });
		const stored = await app.store.idempotency.find(amira.actor.userId, 'comment.add', key);
		expect(stored).not.toContain('Words I regret');
		const retried = await comment(amira, 'Words I regret writing', { idempotencyKey: key });
		expect(retried).toMatchObject({ id: posted.id, deletedAt: expect.any(String) });
		expect(retried.body).not.toContain('regret');
		expect(await app.store.idempotency.find(amira.actor.userId, 'comment.add', 'comment-key-that-stays-1')).toContain('Another comment that stays');
	});

	it('[C2] a reply goes under its comment; a reply to a reply goes under the top-level comment', async () => {
		const top = await comment(amira, 'Top level');
		const reply = await comment(bruno, 'A reply', { parentId: top.id });
		const replyToReply = await comment(amira, 'A reply to the reply', { parentId: reply.id });
		expect(reply.parentId).toBe(top.id);
		expect(replyToReply.parentId).toBe(top.id);
		const page = await app.services.comments.thread(GUEST, { ideaId });
		expect(page.entries).toHaveLength(1);
		expect(page.entries[0]!.replies.map((entry) => entry.body)).toEqual(['A reply', 'A reply to the reply']);
	});

	it('[C2] a reply to a comment of another idea, to an unknown comment or to a deleted one is refused', async () => {
		const otherIdea = await anIdea(app, bruno.actor, (await aProject(app)).id);
		const elsewhere = await app.services.comments.add(amira.actor, { ideaId: otherIdea.id, body: 'Elsewhere' });
		await expect(comment(amira, 'Crossing over', { parentId: elsewhere.id })).rejects.toMatchObject({ code: 'not_found', key: 'comment_parent_not_found' });
		await expect(comment(amira, 'Into the void', { parentId: 'unknown' })).rejects.toMatchObject({ code: 'not_found' });
		const gone = await comment(bruno, 'Soon gone');
		await app.services.comments.delete(bruno.actor, { commentId: gone.id });
		await expect(comment(amira, 'Too late', { parentId: gone.id })).rejects.toMatchObject({ code: 'conflict', key: 'comment_parent_deleted' });
	});

	it('[C3] [C8] only the author edits; the comment is marked edited, its history keeps the earlier bodies, the same body changes nothing', async () => {
		const original = await comment(amira, 'First words');
		const events = recordEvents(app, withoutListeners);
		await expect(app.services.comments.edit(bruno.actor, { commentId: original.id, body: 'Hijacked' })).rejects.toMatchObject({ code: 'forbidden', key: 'comment_edit_not_author' });
		const max = await signIn(app, 'max');
		await expect(app.services.comments.edit(max.actor, { commentId: original.id, body: 'Moderated' })).rejects.toMatchObject({ code: 'forbidden' });
		await expect(app.services.comments.edit(GUEST, { commentId: original.id, body: 'Anonymous' })).rejects.toMatchObject({ code: 'unauthenticated' });
		const edited = await app.services.comments.edit(amira.actor, { commentId: original.id, body: 'Second words' });
		expect(edited).toMatchObject({ body: 'Second words', editedAt: expect.any(String), version: 2 });
		const again = await app.services.comments.edit(amira.actor, { commentId: original.id, body: 'Third words' });
		expect(again.version).toBe(3);
		const unchanged = await app.services.comments.edit(amira.actor, { commentId: original.id, body: 'Third words' });
		expect(unchanged.version).toBe(3);
		expect(await app.services.comments.history({ commentId: original.id })).toEqual([
			{ body: 'First words', writtenAt: original.createdAt },
			{ body: 'Second words', writtenAt: edited.editedAt }
		]);
		expect(events.map((event) => event.type)).toEqual(['comment.edited', 'comment.edited']);
		await expect(app.services.comments.edit(amira.actor, { commentId: original.id, body: '\u0000' })).rejects.toMatchObject({ code: 'invalid' });
	});

	it('[C4] only the author deletes; a tombstone keeps the replies, drops out of the count, and keeps no words or history', async () => {
		const top = await comment(amira, 'To be deleted');
		await app.services.comments.edit(amira.actor, { commentId: top.id, body: 'Edited before deletion' });
		const reply = await comment(bruno, 'A reply that stays', { parentId: top.id });
		await expect(app.services.comments.delete(bruno.actor, { commentId: top.id })).rejects.toMatchObject({ code: 'forbidden', key: 'comment_delete_not_author' });
		const before = await app.services.ideas.get(GUEST, ideaId);
		const events = recordEvents(app, withoutListeners);
		const tombstone = await app.services.comments.delete(amira.actor, { commentId: top.id });
		expect(tombstone).toMatchObject({ author: null, body: '', deletedAt: expect.any(String), editedAt: null });
		const after = await app.services.ideas.get(GUEST, ideaId);
		expect(after.commentCount).toBe(before.commentCount - 1);
		expect(after.votesVersion).toBe(before.votesVersion + 1);
		expect(events.map((event) => event.type)).toEqual(['idea.counted', 'comment.deleted']);
		const page = await app.services.comments.thread(GUEST, { ideaId });
		expect(page.entries[0]).toMatchObject({ id: top.id, deletedAt: expect.any(String), body: '', replies: [expect.objectContaining({ id: reply.id, body: 'A reply that stays' })] });
		expect(await app.services.comments.history({ commentId: top.id })).toEqual([]);
		await expect(app.services.comments.edit(amira.actor, { commentId: top.id, body: 'Back again' })).rejects.toMatchObject({ code: 'conflict', key: 'comment_deleted' });
		const twice = await app.services.comments.delete(amira.actor, { commentId: top.id });
		expect(twice.version).toBe(tombstone.version);
		expect((await app.services.ideas.get(GUEST, ideaId)).commentCount).toBe(after.commentCount);
	});

	it('[C5] [C8] one upvote per person, a toggle; not on one’s own comment nor a tombstone; a repeat changes nothing', async () => {
		const mine = await comment(amira, 'Upvote me');
		const events = recordEvents(app, withoutListeners);
		await expect(app.services.comments.upvote(amira.actor, { commentId: mine.id, value: true })).rejects.toMatchObject({ code: 'forbidden', key: 'comment_upvote_own' });
		await expect(app.services.comments.upvote(GUEST, { commentId: mine.id, value: true })).rejects.toMatchObject({ code: 'unauthenticated' });
		expect(await app.services.comments.upvote(bruno.actor, { commentId: mine.id, value: true })).toMatchObject({ upvotes: 1, version: 2, myUpvote: true });
		expect(await app.services.comments.upvote(bruno.actor, { commentId: mine.id, value: true })).toMatchObject({ upvotes: 1, version: 2 });
		const viewed = await app.services.comments.thread(bruno.actor, { ideaId });
		expect(viewed.entries[0]).toMatchObject({ upvotes: 1, myUpvote: true });
		expect((await app.services.comments.thread(GUEST, { ideaId })).entries[0]).toMatchObject({ myUpvote: false });
		expect(await app.services.comments.upvote(bruno.actor, { commentId: mine.id, value: false })).toMatchObject({ upvotes: 0, version: 3, myUpvote: false });
		expect(await app.services.comments.upvote(bruno.actor, { commentId: mine.id, value: false })).toMatchObject({ upvotes: 0, version: 3 });
		expect(events).toEqual([
			{ type: 'comment.counted', ideaId, commentId: mine.id, upvotes: 1, version: 2 },
			{ type: 'comment.counted', ideaId, commentId: mine.id, upvotes: 0, version: 3 }
		]);
		await app.services.comments.delete(amira.actor, { commentId: mine.id });
		await expect(app.services.comments.upvote(bruno.actor, { commentId: mine.id, value: true })).rejects.toMatchObject({ code: 'conflict' });
		await expect(app.services.comments.upvote(bruno.actor, { commentId: mine.id, value: 'yes' })).rejects.toMatchObject({ code: 'invalid' });
	});

	it('[C5] concurrent upvotes of many people count exactly', async () => {
		const popular = await comment(amira, 'Popular');
		const crowd = await Promise.all(Array.from({ length: 20 }, (_, n) => signInCitizen(app, n)));
		await Promise.all(crowd.flatMap(({ actor }) => [1, 2].map(() => app.services.comments.upvote(actor, { commentId: popular.id, value: true }))));
		const page = await app.services.comments.thread(GUEST, { ideaId });
		expect(page.entries[0]).toMatchObject({ upvotes: 20, version: 21 });
	});

	it('[C6] pages of top-level comments newest first or most upvoted first, continued by cursor without gaps or repeats', async () => {
		const total = COMMENT_PAGE_SIZE + 5;
		// Written through the store: the limits (R6) are not what this test is about.
		const posted = Array.from({ length: total }, (_, n) => ({ id: `c${String(n).padStart(3, '0')}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() }));
		for (const [n, { id, createdAt }] of posted.entries()) await app.store.comments.insert({ id, ideaId, authorId: amira.actor.userId, body: `Comment number ${n}`, createdAt });
		await comment(bruno, 'A reply is no page entry', { parentId: posted[0]!.id });
		const voters = await Promise.all([0, 1, 2].map((n) => signInCitizen(app, n)));
		for (const [n, voter] of voters.entries()) {
			for (const target of posted.slice(0, n + 1)) await app.services.comments.upvote(voter.actor, { commentId: target.id, value: true });
		}
		const first = await app.services.comments.thread(GUEST, { ideaId, sort: 'newest' });
		expect(first.entries).toHaveLength(COMMENT_PAGE_SIZE);
		expect(first.entries[0]!.body).toBe(`Comment number ${total - 1}`);
		const second = await app.services.comments.thread(GUEST, { ideaId, sort: 'newest', cursor: first.nextCursor });
		expect(second.nextCursor).toBeNull();
		expect([...first.entries, ...second.entries].map((entry) => entry.id)).toEqual([...posted].reverse().map((entry) => entry.id));

		const top = await app.services.comments.thread(GUEST, { ideaId, sort: 'upvoted' });
		expect(top.entries.slice(0, 4).map((entry) => entry.upvotes)).toEqual([3, 2, 1, 0]);
		expect(top.entries[0]!.id).toBe(posted[0]!.id);
		expect(top.entries[0]!.replies).toHaveLength(1);
		const rest = await app.services.comments.thread(GUEST, { ideaId, sort: 'upvoted', cursor: top.nextCursor });
		expect(new Set([...top.entries, ...rest.entries].map((entry) => entry.id)).size).toBe(total);

		await expect(app.services.comments.thread(GUEST, { ideaId, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'invalid' });
		await expect(app.services.comments.thread(GUEST, { ideaId, sort: 'loudest' })).rejects.toMatchObject({ code: 'invalid' });
		await expect(app.services.comments.thread(GUEST, { ideaId: 'unknown' })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[C7] comments of the idea’s author are badged as such; staff keep their role', async () => {
		const max = await signIn(app, 'max');
		await comment(bruno, 'From the author');
		await comment(max, 'From a moderator');
		const page = await app.services.comments.thread(GUEST, { ideaId });
		expect(page.entries.map((entry) => [entry.byIdeaAuthor, entry.author?.role])).toEqual([
			[false, 'moderator'],
			[true, 'citizen']
		]);
	});

	it('[R8] [R9] edits, deletions and upvotes have their own limits', async () => {
		const target = await comment(bruno, 'Upvoted a lot');
		const perMinute = LIMITS['comment.upvote'][0].points;
		const upvotes = await Promise.allSettled(
			Array.from({ length: perMinute + 2 }, (_, n) => app.services.comments.upvote(amira.actor, { commentId: target.id, value: n % 2 === 0 }))
		);
		expect(upvotes.filter((attempt) => attempt.status === 'rejected')).toHaveLength(2);
		const own = await comment(amira, 'Edited a lot');
		const edits = LIMITS['comment.edit'][0].points;
		const attempts = await Promise.allSettled(
			Array.from({ length: edits + 1 }, (_, n) => app.services.comments.edit(amira.actor, { commentId: own.id, body: `Edit number ${n}` }))
		);
		expect(attempts.filter((attempt) => attempt.status === 'rejected').map((attempt) => (attempt as PromiseRejectedResult).reason.code)).toEqual(['rate_limited']);
		expect(LIMITS['comment.delete'][0].points).toBe(10);
	});
});
