import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import type { App } from '../app';
import { createTestApp, recordEvents } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { signIn, type SignedInPersona } from '../../../../tests/support/personas';

const answerInput = (ideaId: string, status: string) => ({
	ideaId,
	status,
	department: 'Mobility department',
	message: 'We looked at the street with the traffic team and will test it in spring.'
});

describe('follows (FO) and notifications (N)', () => {
	let app: App;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let fatou: SignedInPersona;
	let max: SignedInPersona;
	let projectId: string;
	let ideaId: string;
	beforeEach(async () => {
		app = await createTestApp();
		[amira, bruno, fatou, max] = await Promise.all([signIn(app, 'amira'), signIn(app, 'bruno'), signIn(app, 'fatou'), signIn(app, 'max')]);
		projectId = (await aProject(app)).id;
		ideaId = (await anIdea(app, bruno.actor, projectId)).id;
		await app.services.notifications.settled();
	});
	afterEach(() => app.close());

	const unread = async (who: SignedInPersona) => (await app.services.notifications.list(who.actor)).unread;
	const lines = async (who: SignedInPersona) => (await app.services.notifications.list(who.actor)).groups;

	it('[FO1] authors, voters and commenters follow automatically; guests follow nothing', async () => {
		expect(await app.services.follows.followsIdea(bruno.actor, ideaId)).toBe(true);
		expect(await app.services.follows.followsIdea(amira.actor, ideaId)).toBe(false);
		await app.services.votes.cast(amira.actor, { ideaId, value: 1 });
		await app.services.comments.add(fatou.actor, { ideaId, body: 'A good idea for the square' });
		await app.services.notifications.settled();
		expect(await app.services.follows.followsIdea(amira.actor, ideaId)).toBe(true);
		expect(await app.services.follows.followsIdea(fatou.actor, ideaId)).toBe(true);
		expect(await app.services.follows.followsIdea(GUEST, ideaId)).toBe(false);
		await expect(app.services.follows.setIdea(GUEST, { ideaId, following: true })).rejects.toMatchObject({ code: 'unauthenticated', key: 'auth_sign_in_to_follow' });
	});

	it('[FO2] an unfollow sticks: voting or commenting again does not follow the idea again', async () => {
		await app.services.votes.cast(amira.actor, { ideaId, value: 1 });
		await app.services.notifications.settled();
		await app.services.follows.setIdea(amira.actor, { ideaId, following: false });
		await app.services.votes.withdraw(amira.actor, { ideaId });
		await app.services.votes.cast(amira.actor, { ideaId, value: 1 });
		await app.services.comments.add(amira.actor, { ideaId, body: 'Still a good idea' });
		await app.services.notifications.settled();
		expect(await app.services.follows.followsIdea(amira.actor, ideaId)).toBe(false);
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review'));
		await app.services.notifications.settled();
		expect(await unread(amira)).toBe(0);
		await app.services.follows.setIdea(amira.actor, { ideaId, following: true });
		expect(await app.services.follows.followsIdea(amira.actor, ideaId)).toBe(true);
	});

	it('[N2][N4] an answer reaches the idea\'s followers, never the staff member who gave it', async () => {
		await app.services.votes.cast(amira.actor, { ideaId, value: 1 });
		await app.services.notifications.settled();
		await app.services.follows.setIdea(max.actor, { ideaId, following: true });
		const events = recordEvents(app);
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'accepted'));
		await app.services.notifications.settled();
		const told = events.find((event) => event.type === 'notification.created');
		expect(told).toMatchObject({ userIds: expect.arrayContaining([amira.actor.userId, bruno.actor.userId]) });
		expect(told && 'userIds' in told ? told.userIds : []).not.toContain(max.actor.userId);
		expect(await lines(amira)).toMatchObject([{ kind: 'answer', unread: true, detail: { kind: 'answer', to: 'accepted', department: 'Mobility department' } }]);
		expect(await unread(max)).toBe(0);
		expect(await unread(fatou)).toBe(0);
	});

	it('[FO3] a project\'s followers hear of every answer in it, unless they unfollowed that idea', async () => {
		await app.services.follows.setProject(fatou.actor, { projectId, following: true });
		expect(await app.services.follows.followsProject(fatou.actor, projectId)).toBe(true);
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review'));
		await app.services.notifications.settled();
		expect(await unread(fatou)).toBe(1);
		await app.services.follows.setIdea(fatou.actor, { ideaId, following: false });
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'accepted'));
		await app.services.notifications.settled();
		expect(await unread(fatou)).toBe(1);
		await expect(app.services.follows.setProject(fatou.actor, { projectId: 'nope', following: true })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[N2][N3] replies reach the comment\'s author; comments on one idea group into one unread line with their count', async () => {
		const first = await app.services.comments.add(amira.actor, { ideaId, body: 'The first comment here' });
		await app.services.notifications.settled();
		await app.services.comments.add(fatou.actor, { ideaId, body: 'A reply to Amira', parentId: first.id });
		await app.services.comments.add(max.actor, { ideaId, body: 'Another comment here' });
		await app.services.comments.add(fatou.actor, { ideaId, body: 'And one more comment' });
		await app.services.notifications.settled();
		expect(await lines(amira)).toMatchObject([
			{ kind: 'comment', count: 2, names: [fatou.actor.displayName, max.actor.displayName] },
			{ kind: 'reply', count: 1, names: [fatou.actor.displayName] }
		]);
		// Bruno, the author, hears of every comment, Amira's included; nobody hears of their own.
		expect(await lines(bruno)).toMatchObject([{ kind: 'comment', count: 4 }]);
		expect((await lines(fatou)).map((line) => line.kind)).toEqual(['comment']);
	});

	it('[N5] marking read touches only one\'s own notifications, a line at a time or all; garbage is refused', async () => {
		await app.services.comments.add(amira.actor, { ideaId, body: 'The first comment here' });
		await app.services.answers.answer(max.actor, answerInput(ideaId, 'under_review'));
		await app.services.notifications.settled();
		const [line] = await lines(bruno);
		expect(await unread(bruno)).toBe(2);
		await app.services.notifications.markRead(amira.actor, { factIds: line!.factIds });
		expect(await unread(bruno)).toBe(2);
		await app.services.notifications.markRead(bruno.actor, { factIds: line!.factIds });
		expect(await unread(bruno)).toBe(1);
		await app.services.notifications.markRead(bruno.actor, { all: true });
		expect(await unread(bruno)).toBe(0);
		for (const garbage of [null, {}, { all: false }, { factIds: [] }, { factIds: 'x' }, { factIds: Array.from({ length: 201 }, () => 'a') }, { factIds: ['../x'] }]) {
			await expect(app.services.notifications.markRead(bruno.actor, garbage)).rejects.toMatchObject({ code: 'invalid' });
		}
		await expect(app.services.notifications.list(GUEST)).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('[N1][MO3] a hidden idea: its title is not told again (not even by a fact queued before the hiding), it cannot be followed by others, and its author hears the decision', async () => {
		await app.services.votes.cast(amira.actor, { ideaId, value: 1 });
		await app.services.notifications.settled();
		await app.services.comments.add(fatou.actor, { ideaId, body: 'A comment queued before the hiding' });
		await app.services.moderation.hide(max.actor, { targetKind: 'idea', targetId: ideaId, reason: 'spam', note: null });
		await app.services.notifications.settled();
		expect(await lines(amira)).toEqual([]);
		expect((await lines(bruno)).map((line) => line.kind)).toEqual(['moderation']);
		await expect(app.services.follows.setIdea(fatou.actor, { ideaId, following: true })).rejects.toMatchObject({ code: 'not_found' });
		await expect(app.services.follows.setIdea(bruno.actor, { ideaId, following: true })).resolves.toMatchObject({ following: true });
	});
});
