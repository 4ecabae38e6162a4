import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { createTestApp } from '../support/app';
import { aProject, anIdea } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';

/** The moderation store (migrations 025–028) checked the same way on SQLite and PostgreSQL, races included. */
export function moderationContract(label: string, environment: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
	describe(`moderation contract: ${label}`, () => {
		let app: App;
		let cleanup: () => Promise<void>;
		let amira: SignedInPersona;
		let bruno: SignedInPersona;
		let max: SignedInPersona;
		let projectId: string;
		let ideaId: string;

		beforeAll(async () => {
			const prepared = await environment();
			cleanup = prepared.cleanup;
			app = await createTestApp(prepared.env, { limits: UNLIMITED });
			[amira, bruno, max] = await Promise.all([signIn(app, 'amira'), signIn(app, 'bruno'), signIn(app, 'max')]);
			projectId = (await aProject(app)).id;
			ideaId = (await anIdea(app, bruno.actor, projectId)).id;
		});
		afterAll(async () => {
			await app?.close();
			await cleanup?.();
		});

		const report = (id: string, targetId: string, reporterId: string) => ({
			id,
			targetKind: 'comment',
			targetId,
			ideaId,
			projectId,
			reporterId,
			reason: 'spam',
			note: null,
			createdAt: new Date().toISOString()
		});

		it('[MO1] one open report per person per item, also when the same report races; a resolved one leaves room for a new one', async () => {
			const comment = await app.services.comments.add(bruno.actor, { ideaId, body: 'A comment to report' });
			const racing = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam', note: `try ${n}` })));
			expect(racing.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
			for (const refusal of racing.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected')) expect(refusal.reason).toMatchObject({ code: 'conflict', key: 'report_already_open' });
			await expect(app.store.moderation.insertReport(report('direct-second', comment.id, amira.actor.userId))).rejects.toThrow();
			expect(await app.store.moderation.resolveReports('comment', comment.id, 'dismissed', max.actor.userId, new Date().toISOString())).toBe(1);
			await app.store.moderation.insertReport(report('after-resolution', comment.id, amira.actor.userId));
			expect((await app.store.moderation.openReports(100, { kind: 'comment', id: comment.id })).map((row) => row.id)).toEqual(['after-resolution']);
		});

		it('[MO3] a hidden mark round-trips on ideas and comments, moves the comment’s version and the idea’s changed_at', async () => {
			const comment = await app.services.comments.add(bruno.actor, { ideaId, body: 'Another comment' });
			const at = new Date().toISOString();
			const version = await app.store.moderation.setHidden('comment', comment.id, { at, by: max.actor.userId, reason: 'harassment', note: 'Rude' }, at);
			expect(version).toBe(comment.version + 1);
			expect(await app.store.moderation.findTarget('comment', comment.id)).toMatchObject({ hiddenAt: at, hiddenReason: 'harassment', authorId: bruno.actor.userId, ideaId, projectId });
			const idea = await anIdea(app, amira.actor, projectId);
			await app.store.moderation.setHidden('idea', idea.id, { at, by: max.actor.userId, reason: 'spam', note: null }, at);
			expect((await app.store.ideas.findView(idea.id, null))?.hiddenAt).toBe(at);
			expect((await app.store.ideas.pins(projectId, 100)).map((pin) => pin.id)).not.toContain(idea.id);
			const tally = await app.store.moderation.hiddenByReason(projectId);
			expect(tally.reduce((sum, row) => sum + row.count, 0)).toBe(2);
			expect(tally.every((row) => typeof row.count === 'number')).toBe(true);
			await app.store.moderation.setHidden('idea', idea.id, null, at);
			expect((await app.store.ideas.findView(idea.id, null))?.hiddenAt).toBeNull();
		});

		it('[MO7] the audit log appends, pages newest first by a numeric id and filters by action, moderator and time', async () => {
			const base = Date.parse('2026-03-01T10:00:00Z');
			for (let n = 0; n < 5; n++) {
				await app.store.moderation.appendAudit({
					at: new Date(base + n * 86_400_000).toISOString(),
					action: n % 2 === 0 ? 'hidden' : 'blocked',
					moderatorId: n < 3 ? max.actor.userId : amira.actor.userId,
					targetKind: 'comment',
					targetId: `target-${n}`,
					subjectUserId: bruno.actor.userId,
					projectId,
					reason: 'spam',
					note: n === 4 ? 'última nota ✓' : null
				});
			}
			const all = await app.store.moderation.auditPage({ fromAt: '2026-03-01T00:00:00.000Z', toAt: '2026-03-31T23:59:59.999Z' }, 10);
			expect(all.map((row) => row.targetId)).toEqual(['target-4', 'target-3', 'target-2', 'target-1', 'target-0']);
			expect(typeof all[0]!.id).toBe('number');
			expect(all[0]).toMatchObject({ moderatorName: amira.actor.displayName, note: 'última nota ✓' });
			const page = await app.store.moderation.auditPage({ before: all[1]!.id, fromAt: '2026-03-01T00:00:00.000Z' }, 2);
			expect(page.map((row) => row.targetId)).toEqual(['target-2', 'target-1']);
			expect((await app.store.moderation.auditPage({ action: 'blocked', fromAt: '2026-03-01T00:00:00.000Z', toAt: '2026-03-31T00:00:00.000Z' }, 10)).map((row) => row.targetId)).toEqual(['target-3', 'target-1']);
			expect((await app.store.moderation.auditPage({ moderatorId: max.actor.userId, fromAt: '2026-03-02T00:00:00.000Z', toAt: '2026-03-31T00:00:00.000Z' }, 10)).map((row) => row.targetId)).toEqual(['target-2', 'target-1']);
			expect((await app.store.moderation.auditModerators()).map((row) => row.id).sort()).toEqual([amira.actor.userId, max.actor.userId].sort());
		});

		it('[MO6] a block is stored and read by the session', async () => {
			await app.store.moderation.setBlocked(amira.actor.userId, new Date().toISOString(), 'spam');
			expect(await app.services.accounts.actorForSession(amira.token)).toMatchObject({ blocked: true });
			await app.store.moderation.setBlocked(amira.actor.userId, null, null);
			expect(await app.services.accounts.actorForSession(amira.token)).not.toHaveProperty('blocked');
		});
	});
}
