import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST } from '../../domain/actors';
import { DAILY_CAPS, DEFAULT_POINT_WEIGHTS as W, type LedgerEntry } from '../../domain/points';
import type { App } from '../app';
import { createTestApp, recordEvents } from '../../../../tests/support/app';
import { aProject, anIdea } from '../../../../tests/support/builders';
import { signIn, signInCitizen, type SignedInPersona } from '../../../../tests/support/personas';
import { editStoredDraft, writeBody } from '../../../../tests/support/drafts';
import { UNLIMITED } from '../rate-limits';

describe('points (PT), badges (BG)', () => {
	let app: App;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let fatou: SignedInPersona;
	let max: SignedInPersona;
	let ada: SignedInPersona;
	let projectId: string;
	beforeEach(async () => {
		app = await createTestApp({}, { limits: UNLIMITED });
		[amira, bruno, fatou, max, ada] = await Promise.all([signIn(app, 'amira'), signIn(app, 'bruno'), signIn(app, 'fatou'), signIn(app, 'max'), signIn(app, 'ada')]);
		projectId = (await aProject(app)).id;
	});
	afterEach(() => app.close());

	const settled = async () => {
		await app.services.notifications.settled();
		await app.services.points.settled();
	};
	const total = async (who: SignedInPersona) => (await app.services.points.profile(who.actor, { userId: who.actor.userId })).total;
	/** The person's ledger lines, oldest first. */
	const ledger = async (who: SignedInPersona): Promise<LedgerEntry[]> => (await app.store.points.history(who.actor.userId, 1000, null)).reverse();
	const ideaBy = async (who: SignedInPersona, title = 'More benches on the square') => {
		const idea = await anIdea(app, who.actor, projectId, { title });
		await settled();
		return idea;
	};
	const answer = (ideaId: string, status: string) =>
		app.services.answers.answer(max.actor, { ideaId, status, department: 'Mobility', message: 'We looked at it closely with the street team.' });

	it('[PT1] posting an idea is a ledger line with a reason and a source; balances come from it', async () => {
		const idea = await ideaBy(bruno);
		const [line] = await ledger(bruno);
		expect(line).toMatchObject({ userId: bruno.actor.userId, points: W.idea_posted, reason: 'idea_posted', sourceKind: 'idea', sourceId: idea.id, projectId, reverses: null });
		expect(await total(bruno)).toBe(W.idea_posted);
		expect(await app.store.points.balancesOf(bruno.actor.userId)).toEqual(
			expect.arrayContaining([{ board: 'all', points: W.idea_posted }, { board: `project:${projectId}`, points: W.idea_posted }, { board: `district:${idea.district.slug}`, points: W.idea_posted }])
		);
	});

	it('[PT4] a vote on one’s own idea earns nothing; [PT5] nor one from an account made after the idea', async () => {
		const idea = await ideaBy(bruno);
		await app.services.votes.cast(bruno.actor, { ideaId: idea.id, value: 1 }).catch(() => undefined);
		const newcomer = await signInCitizen(app, 7);
		await app.services.votes.cast(newcomer.actor, { ideaId: idea.id, value: 1 });
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted);
		await app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted + W.vote_received);
	});

	it('[PT9] a vote withdrawn or turned down takes its point back with a reason; a downvote never costs points', async () => {
		const idea = await ideaBy(bruno);
		await app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
		await app.services.votes.cast(fatou.actor, { ideaId: idea.id, value: -1 });
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted + W.vote_received);
		await app.services.votes.cast(amira.actor, { ideaId: idea.id, value: -1 });
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted);
		const lines = await ledger(bruno);
		expect(lines.at(-1)).toMatchObject({ points: -W.vote_received, reason: 'vote_received', cause: 'vote_removed', reverses: lines[1]!.id });
	});

	it('[PT3] each reason has a daily cap; awards past it are kept at 0 points and say why', async () => {
		for (let i = 0; i < 6; i += 1) await anIdea(app, bruno.actor, projectId, { title: `Idea number ${i + 1} for the square` });
		await settled();
		const lines = await ledger(bruno);
		expect(lines.map((line) => line.points)).toEqual([5, 5, 5, 5, 5, 0]);
		expect(lines.at(-1)).toMatchObject({ limitedBy: 'daily_cap' });
		expect(await total(bruno)).toBe(25);
	});

	it('[PT6] repeated comments on one idea earn less and less; deleting one does not reset the count', async () => {
		const idea = await ideaBy(bruno);
		const first = await app.services.comments.add(amira.actor, { ideaId: idea.id, body: 'Yes, and near the fountain' });
		await settled();
		await app.services.comments.delete(amira.actor, { commentId: first.id });
		for (const body of ['Second thought on it', 'Third thought on it', 'Fourth thought on it']) await app.services.comments.add(amira.actor, { ideaId: idea.id, body });
		await settled();
		const lines = await ledger(amira);
		expect(lines.map((line) => [line.points, line.limitedBy, line.cause])).toEqual([
			[W.comment_posted, null, null],
			[-W.comment_posted, null, 'deleted'],
			[Math.floor(W.comment_posted / 2), 'repeat_comment', null],
			[Math.floor(W.comment_posted / 4), 'repeat_comment', null],
			[0, 'repeat_comment', null]
		]);
	});

	it('[PT8] the city accepting and implementing an idea is worth the most; [PT11] a rejection takes the acceptance back', async () => {
		const idea = await ideaBy(bruno);
		await answer(idea.id, 'accepted');
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted + W.answer_received + W.idea_accepted);
		await answer(idea.id, 'accepted');
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted + W.answer_received + W.idea_accepted);
		await answer(idea.id, 'rejected');
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted + W.answer_received);
		expect((await ledger(bruno)).at(-1)).toMatchObject({ reason: 'idea_accepted', cause: 'answer_changed' });
		const second = await ideaBy(bruno, 'A second idea for the park');
		for (const status of ['accepted', 'in_progress', 'done']) await answer(second.id, status);
		await settled();
		const reasons = (await ledger(bruno)).filter((line) => line.sourceId === second.id).map((line) => line.reason);
		expect(reasons).toEqual(['idea_posted', 'answer_received', 'idea_accepted', 'idea_implemented']);
		expect(W.idea_implemented).toBeGreaterThan(W.idea_accepted);
	});

	it('[PT9] hiding content reverses its points with a visible reason; restoring gives them back once, however often it was hidden', async () => {
		const idea = await ideaBy(bruno);
		await app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
		const comment = await app.services.comments.add(fatou.actor, { ideaId: idea.id, body: 'Buy watches at example.test' });
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted + W.vote_received);
		await app.services.moderation.hide(max.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam', note: null });
		await app.services.moderation.hide(max.actor, { targetKind: 'idea', targetId: idea.id, reason: 'off_topic', note: null });
		await settled();
		expect(await total(bruno)).toBe(0);
		expect(await total(fatou)).toBe(0);
		const history = (await app.services.points.profile(bruno.actor, { userId: bruno.actor.userId })).history;
		expect(history.filter((line) => line.cause === 'hidden')).toHaveLength(2);
		expect(history.find((line) => line.reason === 'idea_posted' && line.reverses === null)?.reversedBy).toMatchObject({ cause: 'hidden' });
		for (let round = 0; round < 2; round += 1) {
			await app.services.moderation.restore(ada.actor, { targetKind: 'idea', targetId: idea.id, reason: 'other', note: null });
			await settled();
			expect(await total(bruno)).toBe(W.idea_posted + W.vote_received);
			if (round === 0) {
				await app.services.moderation.hide(max.actor, { targetKind: 'idea', targetId: idea.id, reason: 'off_topic', note: null });
				await settled();
				expect(await total(bruno)).toBe(0);
			}
		}
	});

	it('[PT3] an upvote flipped on and off does not use up its author’s daily cap', async () => {
		const idea = await ideaBy(bruno);
		for (let round = 0; round < DAILY_CAPS.vote_received + 5; round += 1) {
			await app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
			await app.services.votes.withdraw(amira.actor, { ideaId: idea.id });
		}
		await app.services.votes.cast(fatou.actor, { ideaId: idea.id, value: 1 });
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted + W.vote_received);
		expect((await ledger(bruno)).at(-1)).toMatchObject({ points: W.vote_received, limitedBy: null });
	});

	it('[PT9] content withdrawn or deleted while hidden gets nothing back when restored', async () => {
		const idea = await ideaBy(bruno);
		const comment = await app.services.comments.add(amira.actor, { ideaId: idea.id, body: 'A comment that will go' });
		await settled();
		await app.services.moderation.hide(max.actor, { targetKind: 'idea', targetId: idea.id, reason: 'off_topic', note: null });
		await app.services.moderation.hide(max.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam', note: null });
		await settled();
		await app.services.ideas.withdraw(bruno.actor, { ideaId: idea.id, reason: 'Posted it by mistake' });
		await app.services.comments.delete(amira.actor, { commentId: comment.id });
		await app.services.moderation.restore(ada.actor, { targetKind: 'idea', targetId: idea.id, reason: 'other', note: null });
		await app.services.moderation.restore(ada.actor, { targetKind: 'comment', targetId: comment.id, reason: 'other', note: null }).catch(() => undefined);
		await settled();
		expect(await total(bruno)).toBe(0);
		expect(await total(amira)).toBe(0);
	});

	it('[PT13] staff earn no points; their votes still count for citizens', async () => {
		const staffIdea = await ideaBy(fatou, 'A facilitator’s idea for the square');
		await app.services.votes.cast(amira.actor, { ideaId: staffIdea.id, value: 1 });
		const idea = await ideaBy(bruno);
		await app.services.votes.cast(max.actor, { ideaId: idea.id, value: 1 });
		await settled();
		expect(await total(fatou)).toBe(0);
		expect(await app.store.points.balancesOf(fatou.actor.userId)).toEqual([]);
		expect(await total(bruno)).toBe(W.idea_posted + W.vote_received);
	});

	it('[PT9] withdrawing an idea takes its points back', async () => {
		const idea = await ideaBy(bruno);
		await app.services.ideas.withdraw(bruno.actor, { ideaId: idea.id, reason: 'Posted it twice by mistake' });
		await settled();
		expect(await total(bruno)).toBe(0);
		expect((await ledger(bruno)).at(-1)).toMatchObject({ cause: 'withdrawn' });
	});

	it('[PT7] a draft written together credits every co-author with co-authorship points', async () => {
		const draft = await app.services.drafts.create(amira.actor, { projectId, title: 'Shade for the tram stop', summary: 'Trees and a roof.', topic: 'green-spaces', location: { lat: 50.8275, lng: 4.372 } });
		await app.services.drafts.acceptLink(bruno.actor, { token: (await app.services.drafts.createLink(amira.actor, { draftId: draft.id })).token });
		await editStoredDraft(app, draft.id, (doc) => writeBody(doc, 'A row of plane trees along the stop.', ''));
		await app.services.drafts.publish(bruno.actor, { draftId: draft.id });
		await settled();
		expect(await total(bruno)).toBe(W.idea_posted + W.draft_coauthored);
		expect(await total(amira)).toBe(W.draft_coauthored);
	});

	it('[PT10] rebuilding every balance from the ledger gives the live figures', async () => {
		const one = await ideaBy(bruno);
		const two = await ideaBy(amira, 'Water fountains in the park');
		await app.services.votes.cast(amira.actor, { ideaId: one.id, value: 1 });
		await app.services.votes.cast(fatou.actor, { ideaId: one.id, value: 1 });
		await app.services.votes.cast(bruno.actor, { ideaId: two.id, value: 1 });
		await app.services.comments.add(fatou.actor, { ideaId: two.id, body: 'Near the playground please' });
		await answer(one.id, 'accepted');
		await app.services.votes.withdraw(fatou.actor, { ideaId: one.id });
		await settled();
		const live = await app.store.points.allBalances();
		expect(live.length).toBeGreaterThan(6);
		await app.services.points.rebuild();
		expect(await app.store.points.allBalances()).toEqual(live);
	});

	it('[PT2] admins set the weights (later awards use them, earlier keep theirs); nobody else; garbage and [PT8] volume-first tables are refused', async () => {
		await ideaBy(bruno);
		const weights = { ...W, idea_posted: 8 };
		await expect(app.services.points.setWeights(max.actor, weights)).rejects.toMatchObject({ code: 'forbidden', key: 'points_weights_forbidden' });
		await expect(app.services.points.setWeights(GUEST, weights)).rejects.toMatchObject({ code: 'unauthenticated' });
		for (const garbage of [null, 'x', { ...W, idea_posted: -1 }, { ...W, idea_posted: 1.5 }, { ...W, extra: 1 }, { ...W, idea_posted: 10_000 }, { idea_posted: 5 }])
			await expect(app.services.points.setWeights(ada.actor, garbage)).rejects.toMatchObject({ code: 'invalid' });
		await expect(app.services.points.setWeights(ada.actor, { ...W, comment_posted: 40 })).rejects.toMatchObject({ code: 'invalid', key: 'points_weights_order' });
		await app.services.points.setWeights(ada.actor, weights);
		expect(await app.services.points.weights()).toEqual(weights);
		await ideaBy(bruno, 'Another idea for the square');
		expect((await ledger(bruno)).map((line) => line.points)).toEqual([5, 8]);
	});

	it('[LB2] opting out hides a person’s points from others but not from themselves; garbage and unknown districts are refused', async () => {
		await ideaBy(bruno);
		const events = recordEvents(app);
		await expect(app.services.points.setPreferences(GUEST, { listed: false, homeDistrict: null })).rejects.toMatchObject({ code: 'unauthenticated' });
		for (const garbage of [null, {}, { listed: 'no', homeDistrict: null }, { listed: false, homeDistrict: 'Ixelles!' }, { listed: false, homeDistrict: null, more: 1 }])
			await expect(app.services.points.setPreferences(bruno.actor, garbage)).rejects.toMatchObject({ code: 'invalid' });
		await expect(app.services.points.setPreferences(bruno.actor, { listed: true, homeDistrict: 'atlantis' })).rejects.toMatchObject({ code: 'invalid', fields: { homeDistrict: { key: 'points_district_unknown' } } });
		await app.services.points.setPreferences(bruno.actor, { listed: false, homeDistrict: 'ixelles' });
		expect(events).toContainEqual({ type: 'points.listingChanged', userId: bruno.actor.userId, listed: false });
		expect(await app.services.points.preferences(bruno.actor)).toEqual({ listed: false, homeDistrict: 'ixelles' });
		expect(await app.services.points.profile(amira.actor, { userId: bruno.actor.userId })).toMatchObject({ listed: false, total: null, history: [], badges: [] });
		expect(await app.services.points.profile(bruno.actor, { userId: bruno.actor.userId })).toMatchObject({ own: true, total: W.idea_posted });
		expect((await app.store.points.allBalances()).filter((row) => row.userId === bruno.actor.userId).every((row) => !row.listed)).toBe(true);
	});

	it('[PT12] a points history never names who voted; unknown people are not found; garbage is refused', async () => {
		const idea = await ideaBy(bruno);
		await app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
		await settled();
		const profile = await app.services.points.profile(GUEST, { userId: bruno.actor.userId });
		expect(JSON.stringify(profile)).not.toContain(amira.actor.userId);
		expect(profile.history[0]).toMatchObject({ reason: 'vote_received', ideaTitle: 'More benches on the square' });
		await expect(app.services.points.profile(GUEST, { userId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
		for (const garbage of [null, {}, { userId: 5 }, { userId: 'x', before: 'yesterday' }]) await expect(app.services.points.profile(GUEST, garbage)).rejects.toMatchObject({ code: 'invalid' });
	});

	it('[PT12] a history pages 50 lines at a time, newest first, none skipped or repeated across pages', async () => {
		for (let i = 0; i < 26; i += 1) {
			const idea = await anIdea(app, bruno.actor, projectId, { title: `Idea number ${i + 1} for the square` });
			await settled();
			await app.services.ideas.withdraw(bruno.actor, { ideaId: idea.id, reason: 'Posted it by mistake' });
		}
		await settled();
		const first = await app.services.points.profile(GUEST, { userId: bruno.actor.userId });
		expect(first.history).toHaveLength(50);
		expect(first.nextBefore).not.toBeNull();
		const second = await app.services.points.profile(GUEST, { userId: bruno.actor.userId, before: first.nextBefore });
		expect(second.history).toHaveLength(2);
		expect(second.nextBefore).toBeNull();
		const ids = [...first.history, ...second.history].map((line) => line.id);
		expect(new Set(ids).size).toBe(52);
		expect(ids).toEqual((await ledger(bruno)).reverse().map((line) => line.id));
		await expect(app.services.points.profile(GUEST, { userId: bruno.actor.userId, before: '2026-01-01T00:00:00.000Z|a|b' })).rejects.toMatchObject({ code: 'invalid' });
	});

	it('[BG2] [BG8] a first idea is a badge, announced once; [BG3] supporters from several home districts make a bridge-builder', async () => {
		const events = recordEvents(app, (event) => event.type === 'badge.awarded');
		const idea = await ideaBy(bruno);
		await ideaBy(bruno, 'A second idea for the square');
		expect(events).toEqual([{ type: 'badge.awarded', userId: bruno.actor.userId, badges: [{ kind: 'ideas', level: 1, count: 1, next: 5 }] }]);
		const districts = ['ixelles', 'etterbeek', 'saint-gilles'];
		for (const [index, district] of districts.entries()) {
			const voter = [amira, fatou, max][index]!;
			await app.services.points.setPreferences(voter.actor, { listed: true, homeDistrict: district });
			await app.services.votes.cast(voter.actor, { ideaId: idea.id, value: 1 });
		}
		await settled();
		expect(await app.services.points.badges(bruno.actor.userId)).toContainEqual({ kind: 'bridge_builder', level: 1, count: 3, next: 5 });
		expect(events.at(-1)).toMatchObject({ badges: [{ kind: 'bridge_builder', level: 1 }] });
	});
});
