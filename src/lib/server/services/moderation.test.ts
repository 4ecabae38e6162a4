import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST, type Actor } from '../../domain/actors';
import { csvField, csvRow } from '../../domain/moderation';
import { LIMITS } from '../../domain/limits';
import type { App } from '../app';
import { createTestApp, recordEvents } from '../../../../tests/support/app';
import { aProject, anIdea, ideaInput } from '../../../../tests/support/builders';
import { signIn, signInCitizen, type SignedInPersona } from '../../../../tests/support/personas';

describe('moderation', () => {
	let app: App;
	let amira: SignedInPersona;
	let bruno: SignedInPersona;
	let fatou: SignedInPersona;
	let max: SignedInPersona;
	let ada: SignedInPersona;
	let projectId: string;
	let ideaId: string;
	beforeEach(async () => {
		app = await createTestApp();
		[amira, bruno, fatou, max, ada] = await Promise.all([signIn(app, 'amira'), signIn(app, 'bruno'), signIn(app, 'fatou'), signIn(app, 'max'), signIn(app, 'ada')]);
		projectId = (await aProject(app)).id;
		ideaId = (await anIdea(app, bruno.actor, projectId)).id;
	});
	afterEach(() => app.close());

	const commentBy = (who: SignedInPersona, body = 'Buy cheap watches at example.test') => app.services.comments.add(who.actor, { ideaId, body });
	const hide = (who: Actor, targetKind: 'idea' | 'comment', targetId: string, reason = 'spam', note: string | null = 'Advertising') =>
		app.services.moderation.hide(who, { targetKind, targetId, reason, note });
	/** The actor as the session now reads it (with its block). */
	const current = async (who: SignedInPersona) => app.services.accounts.actorForSession(who.token);

	describe('reports', () => {
		it('[MO1] a signed-in person reports a comment with a reason and a note; guests are told to sign in', async () => {
			const comment = await commentBy(bruno);
			await expect(app.services.moderation.report(GUEST, { targetKind: 'comment', targetId: comment.id, reason: 'spam' })).rejects.toMatchObject({
				code: 'unauthenticated',
				key: 'report_sign_in'
			});
			await expect(app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam', note: ' Selling\u202E watches ' })).resolves.toMatchObject({
				reportId: expect.any(String)
			});
			const [entry] = await app.services.moderation.queue(max.actor);
			expect(entry).toMatchObject({ targetKind: 'comment', targetId: comment.id, ideaId, projectId, count: 1, reasons: { spam: 1 }, notes: ['Selling watches'] });
		});

		it('[MO1] one open report per person per item, never one of one’s own content; a dismissed report can be made again', async () => {
			const comment = await commentBy(bruno);
			const report = { targetKind: 'comment', targetId: comment.id, reason: 'harassment' };
			await expect(app.services.moderation.report(bruno.actor, report)).rejects.toMatchObject({ code: 'forbidden', key: 'report_own' });
			await app.services.moderation.report(amira.actor, report);
			await expect(app.services.moderation.report(amira.actor, { ...report, reason: 'spam' })).rejects.toMatchObject({ code: 'conflict', key: 'report_already_open' });
			await app.services.moderation.dismiss(max.actor, { targetKind: 'comment', targetId: comment.id });
			await expect(app.services.moderation.report(amira.actor, report)).resolves.toBeTruthy();
			await expect(app.services.moderation.report(amira.actor, { targetKind: 'idea', targetId: 'no-such-idea', reason: 'spam' })).rejects.toMatchObject({ code: 'not_found' });
			// I6: a retry of a report (its answer was lost) answers the first one instead of a conflict.
			const idea = { targetKind: 'idea', targetId: ideaId, reason: 'off_topic', idempotencyKey: 'report-key-0123456789' };
			const first = await app.services.moderation.report(amira.actor, idea);
			await expect(app.services.moderation.report(amira.actor, idea)).resolves.toEqual(first);
			await expect(app.services.moderation.report(amira.actor, { ...idea, idempotencyKey: 'short' })).rejects.toMatchObject({ code: 'invalid' });
		});

		it('[MO1] a reason outside the list, a bad kind, a note with controls or too long are invalid', async () => {
			const comment = await commentBy(bruno);
			for (const input of [
				{ targetKind: 'comment', targetId: comment.id, reason: 'ugly' },
				{ targetKind: 'user', targetId: comment.id, reason: 'spam' },
				{ targetKind: 'comment', targetId: comment.id },
				{ targetKind: 'comment', targetId: comment.id, reason: 'spam', note: 'a\u0000b' },
				{ targetKind: 'comment', targetId: comment.id, reason: 'spam', note: 'x'.repeat(501) },
				{ targetKind: 'comment', targetId: '../etc', reason: 'spam' },
				null,
				'spam'
			]) {
				await expect(app.services.moderation.report(amira.actor, input)).rejects.toMatchObject({ code: 'invalid' });
			}
		});

		it('[R30] one account reports at most 20 times a minute', async () => {
			const perMinute = LIMITS['moderation.report'][0].points;
			const comments = [];
			// Comments have their own limit (R6): three writers.
			const writers = await Promise.all([1, 2, 3].map((n) => signInCitizen(app, n)));
			for (let n = 0; n < perMinute + 2; n++) comments.push(await app.services.comments.add(writers[n % 3]!.actor, { ideaId, body: `Comment number ${n}` }));
			const attempts = await Promise.allSettled(comments.map((comment) => app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam' })));
			expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(perMinute);
			expect(attempts.find((attempt) => attempt.status === 'rejected')).toMatchObject({ reason: { code: 'rate_limited' } });
		});
	});

	describe('the queue', () => {
		it('[MO2] groups open reports per item with their count and reasons, most reported first; only moderators and admins read it', async () => {
			const comment = await commentBy(bruno);
			const other = await signIn(app, 'fatou');
			await app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam' });
			await app.services.moderation.report(other.actor, { targetKind: 'comment', targetId: comment.id, reason: 'harassment', note: 'Rude' });
			await app.services.moderation.report(amira.actor, { targetKind: 'idea', targetId: ideaId, reason: 'off_topic' });
			const queue = await app.services.moderation.queue(ada.actor);
			expect(queue.map((entry) => [entry.targetKind, entry.count])).toEqual([
				['comment', 2],
				['idea', 1]
			]);
			expect(queue[0]).toMatchObject({ reasons: { spam: 1, harassment: 1 }, notes: ['Rude'], author: { id: bruno.actor.userId, blocked: false }, hidden: false });
			await expect(app.services.moderation.queue(GUEST)).rejects.toMatchObject({ code: 'unauthenticated' });
			for (const who of [amira, fatou]) await expect(app.services.moderation.queue(who.actor)).rejects.toMatchObject({ code: 'forbidden', key: 'moderation_forbidden' });
		});

		it('[MO2] a report, a dismissal and a hiding each tell the live queue', async () => {
			const comment = await commentBy(bruno);
			const events = recordEvents(app);
			await app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam' });
			await hide(max.actor, 'comment', comment.id);
			const queueEvents = events.filter((event) => event.type === 'moderation.queueChanged');
			expect(queueEvents.map((event) => (event.type === 'moderation.queueChanged' ? event.entry?.count ?? null : undefined))).toEqual([1, null]);
		});
	});

	describe('hiding and restoring', () => {
		it('[MO3] a hidden comment is a placeholder to everyone but its author and moderators, who read it with the reason', async () => {
			const comment = await commentBy(bruno);
			await app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam' });
			const events = recordEvents(app);
			await hide(max.actor, 'comment', comment.id, 'spam', 'Advertising');
			for (const reader of [GUEST, amira.actor, fatou.actor]) {
				const [entry] = (await app.services.comments.thread(reader, { ideaId })).entries;
				expect(entry).toMatchObject({ id: comment.id, body: '', author: null, hidden: { reason: null, note: null } });
				expect(JSON.stringify(entry)).not.toContain('watches');
			}
			for (const reader of [bruno.actor, max.actor, ada.actor]) {
				const [entry] = (await app.services.comments.thread(reader, { ideaId })).entries;
				expect(entry).toMatchObject({ body: comment.body, hidden: { reason: 'spam', note: 'Advertising' } });
			}
			// What the realtime layer resends after an outage is the placeholder too.
			expect(JSON.stringify(await app.services.comments.current([comment.id]))).not.toContain('watches');
			expect(await app.services.moderation.queue(max.actor)).toEqual([]);
			expect(events.map((event) => event.type)).toEqual(['comment.hidden', 'moderation.decided', 'moderation.queueChanged']);
			expect(events[1]).toEqual({
				type: 'moderation.decided',
				userId: bruno.actor.userId,
				targetKind: 'comment',
				targetId: comment.id,
				ideaId,
				projectId,
				action: 'hidden',
				reasonCode: 'spam'
			});
			expect(JSON.stringify(events)).not.toContain('watches');
		});

		it('[MO3] a hidden idea leaves the board, the pins, the map, the open data, similar ideas and search; to others its page does not exist', async () => {
			const hidden = await anIdea(app, bruno.actor, projectId, { title: 'Zebra crossings everywhere please' });
			const since = new Date(Date.now() - 60_000).toISOString();
			await hide(max.actor, 'idea', hidden.id, 'off_topic', null);
			const ids = (list: readonly { id: string }[]) => list.map((idea) => idea.id);
			expect(ids((await app.services.ideas.browse(amira.actor, { projectId })).ideas)).toEqual([ideaId]);
			expect(ids((await app.services.ideas.browse(max.actor, { projectId, q: 'zebra' })).ideas)).toEqual([]);
			expect((await app.services.ideas.pins(GUEST, projectId)).pins.map((pin) => pin[0])).toEqual([ideaId]);
			expect(await app.services.ideas.similar(amira.actor, { projectId, title: 'Zebra crossings everywhere' })).toEqual([]);
			const map = (await app.services.map.features(GUEST, { bbox: '4.24,50.76,4.48,50.92', zoom: 18, project: projectId })).collection;
			expect(JSON.stringify(map)).not.toContain(hidden.id);
			const { project } = await app.services.openData.export(GUEST, (await app.services.projects.getById(projectId)).slug).then((data) => data);
			expect(project.id).toBe(projectId);
			const exported: string[] = [];
			for await (const page of (await app.services.openData.export({ kind: 'guest', address: '203.0.113.9' }, project.slug)).pages) exported.push(...page.map((idea) => idea.id));
			expect(exported).toEqual([ideaId]);
			const changes = await app.services.ideas.changesSince(amira.actor, { projectId, since });
			expect(ids(changes.ideas)).not.toContain(hidden.id);
			expect(changes.withdrawn).toContain(hidden.id);
			expect(JSON.stringify(changes)).not.toContain('Zebra');
			await expect(app.services.ideas.get(amira.actor, hidden.id)).rejects.toMatchObject({ code: 'not_found' });
			await expect(app.services.ideas.get(GUEST, hidden.id)).rejects.toMatchObject({ code: 'not_found' });
			await expect(app.services.comments.thread(amira.actor, { ideaId: hidden.id })).rejects.toMatchObject({ code: 'not_found' });
			expect(await app.services.ideas.get(bruno.actor, hidden.id)).toMatchObject({ title: hidden.title, hidden: { reason: 'off_topic', note: null } });
			expect(await app.services.ideas.get(max.actor, hidden.id)).toMatchObject({ hidden: { reason: 'off_topic' } });
		});

		it('[MO10] nothing new happens on hidden content: no votes, comments, replies, edits or upvotes', async () => {
			const comment = await commentBy(bruno);
			await hide(max.actor, 'comment', comment.id);
			await expect(app.services.comments.add(amira.actor, { ideaId, body: 'A reply', parentId: comment.id })).rejects.toMatchObject({ key: 'moderation_hidden_item' });
			await expect(app.services.comments.edit(bruno.actor, { commentId: comment.id, body: 'Changed it' })).rejects.toMatchObject({ key: 'moderation_hidden_item' });
			await expect(app.services.comments.upvote(amira.actor, { commentId: comment.id, value: true })).rejects.toMatchObject({ key: 'moderation_hidden_item' });
			await hide(max.actor, 'idea', ideaId);
			await expect(app.services.votes.cast(amira.actor, { ideaId, value: 1 })).rejects.toMatchObject({ code: 'conflict', key: 'moderation_hidden_item' });
			await expect(app.services.comments.add(amira.actor, { ideaId, body: 'Hello there' })).rejects.toMatchObject({ key: 'moderation_hidden_item' });
			await expect(app.services.ideas.edit(bruno.actor, { ideaId, ...ideaInput(projectId, { title: 'A changed title here' }) })).rejects.toMatchObject({ key: 'moderation_hidden_item' });
		});

		it('[MO4] a moderator restores a hidden item with a reason; it is shown again and the restore is published', async () => {
			const comment = await commentBy(bruno);
			await hide(max.actor, 'comment', comment.id);
			await expect(hide(max.actor, 'comment', comment.id)).rejects.toMatchObject({ code: 'conflict', key: 'moderation_already_hidden' });
			const events = recordEvents(app);
			await app.services.moderation.restore(ada.actor, { targetKind: 'comment', targetId: comment.id, reason: 'other', note: 'Reviewed: a joke among neighbours' });
			expect((await app.services.comments.thread(amira.actor, { ideaId })).entries[0]).toMatchObject({ body: comment.body, hidden: null });
			expect(events.map((event) => event.type)).toEqual(['comment.restored', 'moderation.decided', 'moderation.queueChanged']);
			await expect(app.services.moderation.restore(ada.actor, { targetKind: 'comment', targetId: comment.id, reason: 'other' })).rejects.toMatchObject({ key: 'moderation_not_hidden' });
			await hide(max.actor, 'idea', ideaId);
			await app.services.moderation.restore(max.actor, { targetKind: 'idea', targetId: ideaId, reason: 'other' });
			expect((await app.services.ideas.browse(GUEST, { projectId })).ideas.map((idea) => idea.id)).toEqual([ideaId]);
		});

		it('[MO2][MO3] only moderators and admins hide, restore and dismiss', async () => {
			const comment = await commentBy(bruno);
			const input = { targetKind: 'comment', targetId: comment.id, reason: 'spam' };
			for (const verb of ['hide', 'restore', 'dismiss'] as const) {
				await expect(app.services.moderation[verb](GUEST, input)).rejects.toMatchObject({ code: 'unauthenticated' });
				for (const who of [amira, bruno, fatou]) await expect(app.services.moderation[verb](who.actor, input)).rejects.toMatchObject({ code: 'forbidden' });
			}
		});

		it('[MO5] dismissing closes the open reports without hiding; with none open it is a conflict', async () => {
			const comment = await commentBy(bruno);
			await app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam' });
			await expect(app.services.moderation.dismiss(max.actor, { targetKind: 'comment', targetId: comment.id, note: 'Fine' })).resolves.toMatchObject({ dismissed: 1 });
			expect(await app.services.moderation.queue(max.actor)).toEqual([]);
			expect((await app.services.comments.thread(GUEST, { ideaId })).entries[0]).toMatchObject({ body: comment.body });
			await expect(app.services.moderation.dismiss(max.actor, { targetKind: 'comment', targetId: comment.id })).rejects.toMatchObject({ key: 'moderation_no_open_reports' });
		});
	});

	describe('blocks', () => {
		it('[MO6] a blocked account reads but every write path refuses it with a clear message; unblocking restores it', async () => {
			const comment = await commentBy(amira, 'A comment of mine here');
			const othersComment = await commentBy(bruno, 'A comment by Bruno');
			const events = recordEvents(app);
			await app.services.moderation.block(max.actor, { userId: amira.actor.userId, reason: 'harassment', note: 'Repeated insults' });
			expect(events).toContainEqual({ type: 'account.changed', userId: amira.actor.userId });
			const blocked = await current(amira);
			expect(blocked).toMatchObject({ kind: 'user', blocked: true });
			const refused = { code: 'forbidden', key: 'moderation_blocked' };
			const writes: [string, () => Promise<unknown>][] = [
				['idea create', () => app.services.ideas.create(blocked, ideaInput(projectId))],
				['idea edit', () => app.services.ideas.edit(blocked, { ideaId, ...ideaInput(projectId) })],
				['idea withdraw', () => app.services.ideas.withdraw(blocked, { ideaId, reason: 'No longer needed here' })],
				['vote cast', () => app.services.votes.cast(blocked, { ideaId, value: 1 })],
				['vote withdraw', () => app.services.votes.withdraw(blocked, { ideaId })],
				['comment add', () => app.services.comments.add(blocked, { ideaId, body: 'Still here' })],
				['comment edit', () => app.services.comments.edit(blocked, { commentId: comment.id, body: 'Changed words' })],
				['comment delete', () => app.services.comments.delete(blocked, { commentId: comment.id })],
				['comment upvote', () => app.services.comments.upvote(blocked, { commentId: othersComment.id, value: true })],
				['image upload', () => app.services.images.upload(blocked, new Uint8Array([1, 2, 3]))],
				['draft create', () => app.services.drafts.create(blocked, { projectId, title: 'A draft of mine' })],
				['report', () => app.services.moderation.report(blocked, { targetKind: 'comment', targetId: othersComment.id, reason: 'spam' })]
			];
			for (const [label, write] of writes) await expect(write(), label).rejects.toMatchObject(refused);
			// Reading still works: the board, a thread, one's drafts.
			await expect(app.services.ideas.browse(blocked, { projectId })).resolves.toBeTruthy();
			await expect(app.services.comments.thread(blocked, { ideaId })).resolves.toBeTruthy();
			await expect(app.services.drafts.mine(blocked)).resolves.toBeTruthy();
			await app.services.moderation.unblock(ada.actor, { userId: amira.actor.userId, note: 'Appeal accepted' });
			const unblocked = await current(amira);
			expect(unblocked).not.toHaveProperty('blocked');
			await expect(app.services.votes.cast(unblocked, { ideaId, value: 1 })).resolves.toBeTruthy();
		});

		it('[MO6] a blocked account only reads its drafts’ documents (Yjs writers become readers)', async () => {
			const draft = await app.services.drafts.create(amira.actor, { projectId, title: 'A draft of mine' });
			expect(await app.services.documents.access(amira.actor, `draft:${draft.id}`)).toBe('write');
			await app.services.moderation.block(max.actor, { userId: amira.actor.userId, reason: 'spam' });
			expect(await app.services.documents.access(await current(amira), `draft:${draft.id}`)).toBe('read');
		});

		it('[MO6] nobody blocks themselves or a staff account; citizens and facilitators block nobody; a blocked moderator moderates nothing', async () => {
			await expect(app.services.moderation.block(max.actor, { userId: max.actor.userId, reason: 'spam' })).rejects.toMatchObject({ key: 'moderation_block_self' });
			await expect(app.services.moderation.block(max.actor, { userId: fatou.actor.userId, reason: 'spam' })).rejects.toMatchObject({ key: 'moderation_block_staff' });
			await expect(app.services.moderation.block(amira.actor, { userId: bruno.actor.userId, reason: 'spam' })).rejects.toMatchObject({ code: 'forbidden' });
			await expect(app.services.moderation.block(fatou.actor, { userId: bruno.actor.userId, reason: 'spam' })).rejects.toMatchObject({ code: 'forbidden' });
			await expect(app.services.moderation.block(max.actor, { userId: 'nobody', reason: 'spam' })).rejects.toMatchObject({ code: 'not_found' });
			await app.services.moderation.block(max.actor, { userId: bruno.actor.userId, reason: 'spam' });
			await expect(app.services.moderation.block(max.actor, { userId: bruno.actor.userId, reason: 'spam' })).rejects.toMatchObject({ key: 'moderation_already_blocked' });
			await expect(app.services.moderation.queue({ ...max.actor, blocked: true })).rejects.toMatchObject({ key: 'moderation_blocked' });
		});
	});

	describe('the audit log', () => {
		it('[MO7] records every action, newest first, filtered by action, moderator and dates; the store has no way to change it', async () => {
			const comment = await commentBy(bruno);
			await app.services.moderation.report(amira.actor, { targetKind: 'comment', targetId: comment.id, reason: 'spam' });
			await app.services.moderation.dismiss(max.actor, { targetKind: 'comment', targetId: comment.id });
			await hide(max.actor, 'comment', comment.id);
			await app.services.moderation.restore(ada.actor, { targetKind: 'comment', targetId: comment.id, reason: 'other' });
			await app.services.moderation.block(ada.actor, { userId: amira.actor.userId, reason: 'harassment', note: '=HYPERLINK("x")' });
			await app.services.moderation.unblock(ada.actor, { userId: amira.actor.userId });
			const { entries } = await app.services.moderation.audit(max.actor, {});
			expect(entries.map((entry) => entry.action)).toEqual(['unblocked', 'blocked', 'restored', 'hidden', 'dismissed']);
			expect(entries[3]).toMatchObject({ moderator: { id: max.actor.userId, displayName: max.actor.displayName }, targetKind: 'comment', targetId: comment.id, subjectUserId: bruno.actor.userId, reason: 'spam' });
			expect((await app.services.moderation.audit(ada.actor, { action: 'hidden' })).entries).toHaveLength(1);
			expect((await app.services.moderation.audit(ada.actor, { moderatorId: ada.actor.userId })).entries).toHaveLength(3);
			const today = new Date().toISOString().slice(0, 10);
			expect((await app.services.moderation.audit(ada.actor, { from: today, to: today })).entries).toHaveLength(5);
			expect((await app.services.moderation.audit(ada.actor, { to: '2000-01-01' })).entries).toHaveLength(0);
			await expect(app.services.moderation.audit(amira.actor, {})).rejects.toMatchObject({ code: 'forbidden' });
			await expect(app.services.moderation.audit(max.actor, { from: 'yesterday' })).rejects.toMatchObject({ code: 'invalid' });
			await expect(app.services.moderation.audit(max.actor, { action: 'deleted' })).rejects.toMatchObject({ code: 'invalid' });
			// MO7: append-only: the repository offers one write of the log, an insert.
			expect(Object.keys(app.store.moderation).filter((name) => /audit/i.test(name))).toEqual(['appendAudit', 'auditPage', 'auditModerators']);
		});

		it('[MO7] the CSV export is for admins, and no field can run as a spreadsheet formula', async () => {
			await app.services.moderation.block(max.actor, { userId: amira.actor.userId, reason: 'harassment', note: '=HYPERLINK("http://evil.example","x")' });
			await expect(app.services.moderation.exportAudit(max.actor, {})).rejects.toMatchObject({ code: 'forbidden', key: 'moderation_export_forbidden' });
			let csv = '';
			for await (const row of await app.services.moderation.exportAudit(ada.actor, {})) csv += row;
			const lines = csv.trimEnd().split('\r\n');
			expect(lines).toHaveLength(2);
			expect(lines[0]).toContain('"action"');
			expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
			expect(['=1+2', '+1', '-1', '@SUM(A1)', '\t=1', 'plain'].map(csvField)).toEqual([`"'=1+2"`, `"'+1"`, `"'-1"`, `"'@SUM(A1)"`, `"'\t=1"`, '"plain"']);
			expect(csvRow(['a"b', null, 3])).toBe('"a""b","","3"\r\n');
		});
	});

	it('[MO8] the public tally counts hidden items per project by reason, without content', async () => {
		const comment = await commentBy(bruno);
		await hide(max.actor, 'comment', comment.id, 'spam');
		await hide(max.actor, 'idea', (await anIdea(app, amira.actor, projectId)).id, 'off_topic');
		const tally = await app.services.moderation.hiddenTally(projectId);
		expect(tally).toEqual({ projectId, total: 2, byReason: { spam: 1, harassment: 0, off_topic: 1, personal_data: 0, illegal: 0, other: 0 } });
		await expect(app.services.moderation.hiddenTally('nope')).rejects.toMatchObject({ code: 'not_found' });
	});
});
