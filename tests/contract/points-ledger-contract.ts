import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POINT_WEIGHTS as W } from '../../src/lib/domain/points';
import type { App } from '../../src/lib/server/app';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { createTestApp } from '../support/app';
import { aProject, anIdea } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';

/**
 * The points ledger's queries (caps, standing and reversed awards, balances per board, badge counts, history, the
 * rebuild's sums) checked the same way on SQLite and PostgreSQL (PT1, PT3, PT9, PT10, BG1).
 */
export function pointsLedgerContract(label: string, environment: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
	describe(`points ledger contract: ${label}`, () => {
		let app: App;
		let cleanup: () => Promise<void>;
		let amira: SignedInPersona;
		let bruno: SignedInPersona;
		let fatou: SignedInPersona;
		let max: SignedInPersona;
		let ada: SignedInPersona;
		let ideaId: string;
		let projectId: string;
		const settled = () => app.services.points.settled();
		const total = async (who: SignedInPersona) => (await app.services.points.profile(who.actor, { userId: who.actor.userId })).total ?? 0;

		beforeAll(async () => {
			const prepared = await environment();
			cleanup = prepared.cleanup;
			app = await createTestApp(prepared.env, { limits: UNLIMITED });
			[amira, bruno, fatou, max, ada] = await Promise.all([signIn(app, 'amira'), signIn(app, 'bruno'), signIn(app, 'fatou'), signIn(app, 'max'), signIn(app, 'ada')]);
			projectId = (await aProject(app)).id;
			for (let i = 0; i < 6; i += 1) {
				const idea = await anIdea(app, bruno.actor, projectId, { title: `Idea number ${i + 1} for the square` });
				ideaId ??= idea.id;
			}
			await app.services.points.setPreferences(amira.actor, { listed: true, homeDistrict: 'ixelles' });
			await app.services.votes.cast(amira.actor, { ideaId, value: 1 });
			await app.services.votes.cast(fatou.actor, { ideaId, value: 1 });
			for (const body of ['First words on it', 'Second words on it', 'Third words on it']) await app.services.comments.add(amira.actor, { ideaId, body });
			await app.services.answers.answer(max.actor, { ideaId, status: 'accepted', department: 'Mobility', message: 'Accepted for the spring works.' });
			await app.services.votes.withdraw(fatou.actor, { ideaId });
			await settled();
		});
		afterAll(async () => {
			await app?.close();
			await cleanup?.();
		});

		it('[PT1] [PT3] [PT6] [PT9] balances follow the awards, the cap, the repeats and the reversal', async () => {
			expect(await total(bruno)).toBe(5 * W.idea_posted + W.vote_received + W.answer_received + W.idea_accepted);
			expect(await total(amira)).toBe(W.comment_posted + Math.floor(W.comment_posted / 2) + Math.floor(W.comment_posted / 4));
			const balances = await app.store.points.balancesOf(bruno.actor.userId);
			expect(balances.find((row) => row.board === `project:${projectId}`)?.points).toBe(await total(bruno));
		});

		it('[BG1] [BG3] badge counts come from standing awards', async () => {
			expect(await app.services.points.badges(bruno.actor.userId)).toEqual([
				{ kind: 'ideas', level: 2, count: 6, next: 20 },
				{ kind: 'accepted', level: 1, count: 1, next: 3 }
			]);
			expect(await app.store.points.hasSupportFrom(bruno.actor.userId, 'ixelles')).toBe(true);
			expect(await app.store.points.hasSupportFrom(bruno.actor.userId, 'etterbeek')).toBe(false);
		});

		it('[PT9] hiding and restoring twice gives the points back once; [PT12] the history shows the reversal', async () => {
			const before = await total(bruno);
			for (let round = 0; round < 2; round += 1) {
				await app.services.moderation.hide(max.actor, { targetKind: 'idea', targetId: ideaId, reason: 'off_topic', note: null });
				await settled();
				expect(await total(bruno)).toBe(before - W.idea_posted - W.vote_received - W.answer_received - W.idea_accepted);
				await app.services.moderation.restore(ada.actor, { targetKind: 'idea', targetId: ideaId, reason: 'other', note: null });
				await settled();
				expect(await total(bruno)).toBe(before);
			}
			const { history } = await app.services.points.profile(bruno.actor, { userId: bruno.actor.userId });
			expect(history.some((line) => line.cause === 'hidden')).toBe(true);
		});

		it('[PT10] the rebuild from the ledger equals the live balances', async () => {
			const live = await app.store.points.allBalances();
			expect(await app.services.points.rebuild()).toBe(live.length);
			expect(await app.store.points.allBalances()).toEqual(live);
		});
	});
}
