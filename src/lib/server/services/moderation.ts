import { refuseBlocked, roleSchema, type Actor, type SignedInActor } from '../../domain/actors';
import { toCommentView } from './comments';
import { DomainError } from '../../domain/errors';
import { limitSubjectOf } from '../../domain/limits';
import {
	AUDIT_ACTIONS,
	AUDIT_PAGE_SIZE,
	auditQuerySchema,
	blockSchema,
	canModerate,
	csvRow,
	decideSchema,
	dismissSchema,
	mayBeBlocked,
	mayReadHidden,
	MODERATION_REASONS,
	reasonOf,
	reportSchema,
	unblockSchema,
	type AuditAction,
	type AuditEntry,
	type AuditPage,
	type AuditQuery,
	type HiddenTally,
	type ModerationReason,
	type ModerationTargetKind,
	type QueueEntry
} from '../../domain/moderation';
import { idSchema } from '../../domain/ideas';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { AuditRecord, ModerationTargetRecord, ReportRecord, StoreRepositories } from '../storage/store';
import type { Idempotency } from './idempotency';
import { toIdeaView } from './ideas';

/** MO2: the queue shows at most this many open reports (oldest first); a real backlog is far smaller. */
const QUEUE_REPORT_LIMIT = 5000;
/** How many reporters' notes one queue entry carries. */
const QUEUE_NOTES = 5;
const EXCERPT_MAX = 280;

function excerptOf(text: string): string {
	return text.length <= EXCERPT_MAX ? text : `${text.slice(0, EXCERPT_MAX - 1)}…`;
}

function toAuditEntry(record: AuditRecord): AuditEntry {
	return {
		id: record.id,
		at: record.at,
		action: (AUDIT_ACTIONS as readonly string[]).includes(record.action) ? (record.action as AuditAction) : 'hidden',
		moderator: { id: record.moderatorId, displayName: record.moderatorName },
		targetKind: record.targetKind === 'idea' || record.targetKind === 'comment' ? record.targetKind : 'user',
		targetId: record.targetId,
		subjectUserId: record.subjectUserId,
		reason: record.reason === null ? null : reasonOf(record.reason),
		note: record.note
	};
}

/** The log's filters in the store's terms: whole UTC days, both ends included. */
function auditFilterOf(query: AuditQuery) {
	return {
		...(query.action ? { action: query.action } : {}),
		...(query.moderatorId ? { moderatorId: query.moderatorId } : {}),
		...(query.from ? { fromAt: `${query.from}T00:00:00.000Z` } : {}),
		...(query.to ? { toAt: `${query.to}T23:59:59.999Z` } : {}),
		...(query.before ? { before: query.before } : {})
	};
}

/** MO2–MO8: reports, the moderators' queue, hiding and restoring, blocks, the audit log and the public tally. */
export function createModerationService({ store, events, clock, ids, limits }: ServicePorts, idempotency: Idempotency) {
	/** MO2: moderators and admins, signed in and not blocked; a guest is told to sign in, anyone else is refused. */
	function requireModerator(actor: Actor): SignedInActor {
		if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'moderation_sign_in');
		refuseBlocked(actor);
		if (!canModerate(actor)) throw new DomainError('forbidden', 'moderation_forbidden');
		return actor;
	}

	async function targetOf(tx: StoreRepositories, kind: ModerationTargetKind, id: string): Promise<ModerationTargetRecord> {
		const target = await tx.moderation.findTarget(kind, id);
		if (!target) throw new DomainError('not_found', 'moderation_not_found');
		return target;
	}

	function entriesOf(reports: readonly ReportRecord[], targets: readonly ModerationTargetRecord[]): QueueEntry[] {
		const byKey = new Map(targets.map((target) => [`${target.kind}:${target.id}`, target]));
		const groups = new Map<string, ReportRecord[]>();
		for (const report of reports) {
			const key = `${report.targetKind}:${report.targetId}`;
			const group = groups.get(key) ?? [];
			group.push(report);
			groups.set(key, group);
		}
		const entries: QueueEntry[] = [];
		for (const [key, group] of groups) {
			const target = byKey.get(key);
			if (!target) continue;
			const reasons: Partial<Record<ModerationReason, number>> = {};
			for (const report of group) reasons[reasonOf(report.reason)] = (reasons[reasonOf(report.reason)] ?? 0) + 1;
			entries.push({
				targetKind: target.kind,
				targetId: target.id,
				ideaId: target.ideaId,
				projectId: target.projectId,
				projectSlug: target.projectSlug,
				ideaTitle: target.ideaTitle,
				excerpt: excerptOf(target.text),
				author: { id: target.authorId, displayName: target.authorName, blocked: target.authorBlockedAt !== null },
				hidden: target.hiddenAt !== null,
				count: group.length,
				reasons,
				notes: group
					.filter((report) => report.note)
					.reverse()
					.slice(0, QUEUE_NOTES)
					.map((report) => report.note ?? ''),
				firstReportedAt: group[0]!.createdAt,
				lastReportedAt: group.at(-1)!.createdAt
			});
		}
		// Most reported first, then the longest waiting.
		return entries.sort((a, b) => b.count - a.count || a.firstReportedAt.localeCompare(b.firstReportedAt));
	}

	async function queueEntryOf(kind: ModerationTargetKind, id: string): Promise<QueueEntry | null> {
		const reports = await store.moderation.openReports(QUEUE_REPORT_LIMIT, { kind, id });
		if (reports.length === 0) return null;
		return entriesOf(reports, await store.moderation.findTargets(kind, [id]))[0] ?? null;
	}

	async function announceQueue(kind: ModerationTargetKind, id: string): Promise<void> {
		events.publish({ type: 'moderation.queueChanged', targetKind: kind, targetId: id, entry: await queueEntryOf(kind, id) });
	}

	async function setHidden(actor: Actor, input: unknown, hide: boolean): Promise<{ targetKind: ModerationTargetKind; targetId: string; hidden: boolean }> {
		const { targetKind, targetId, reason, note } = parseInput(decideSchema, input);
		const moderator = requireModerator(actor);
		await limits.take('moderation.decide', limitSubjectOf(actor));
		const at = clock.now().toISOString();
		const { target, version, resolved } = await store.transaction(async (tx) => {
			const target = await targetOf(tx, targetKind, targetId);
			if (target.kind === 'comment' && target.deletedAt !== null) throw new DomainError('conflict', 'comment_deleted');
			if (hide && target.hiddenAt !== null) throw new DomainError('conflict', 'moderation_already_hidden');
			if (!hide && target.hiddenAt === null) throw new DomainError('conflict', 'moderation_not_hidden');
			const version = await tx.moderation.setHidden(targetKind, targetId, hide ? { at, by: moderator.userId, reason, note } : null, at);
			const resolved = hide ? await tx.moderation.resolveReports(targetKind, targetId, 'hidden', moderator.userId, at) : 0;
			await tx.moderation.appendAudit({
				at,
				action: hide ? 'hidden' : 'restored',
				moderatorId: moderator.userId,
				targetKind,
				targetId,
				subjectUserId: target.authorId,
				projectId: target.projectId,
				reason,
				note
			});
			return { target, version, resolved };
		});
		if (targetKind === 'comment') {
			if (hide) events.publish({ type: 'comment.hidden', ideaId: target.ideaId, commentId: targetId, parentId: target.parentId, version });
			else {
				const record = await store.comments.findView(targetId, null);
				if (record) events.publish({ type: 'comment.restored', ideaId: target.ideaId, comment: toCommentView(record) });
			}
		} else if (hide) {
			events.publish({ type: 'idea.hidden', projectId: target.projectId, ideaId: targetId, authorId: target.authorId });
		} else {
			const record = await store.ideas.findView(targetId, null);
			if (record) {
				const { myVote: _none, ...idea } = toIdeaView(record);
				events.publish({ type: 'idea.restored', projectId: target.projectId, idea });
			}
		}
		events.publish({
			type: 'moderation.decided',
			userId: target.authorId,
			targetKind,
			targetId,
			ideaId: target.ideaId,
			projectId: target.projectId,
			action: hide ? 'hidden' : 'restored',
			reasonCode: reason
		});
		if (resolved > 0 || !hide) await announceQueue(targetKind, targetId);
		return { targetKind, targetId, hidden: hide };
	}

	async function setBlocked(actor: Actor, input: unknown, block: boolean): Promise<{ userId: string; blocked: boolean }> {
		const { userId, note, ...rest } = block ? parseInput(blockSchema, input) : { ...parseInput(unblockSchema, input), reason: null };
		const moderator = requireModerator(actor);
		await limits.take('moderation.block', limitSubjectOf(actor));
		const at = clock.now().toISOString();
		await store.transaction(async (tx) => {
			const user = await tx.moderation.findUser(userId);
			if (!user) throw new DomainError('not_found', 'account_not_found');
			if (user.id === moderator.userId) throw new DomainError('forbidden', 'moderation_block_self');
			if (block && !mayBeBlocked(roleSchema.catch('citizen').parse(user.role))) throw new DomainError('forbidden', 'moderation_block_staff');
			if (block && user.blockedAt !== null) throw new DomainError('conflict', 'moderation_already_blocked');
			if (!block && user.blockedAt === null) throw new DomainError('conflict', 'moderation_not_blocked');
			await tx.moderation.setBlocked(userId, block ? at : null, rest.reason);
			await tx.moderation.appendAudit({
				at,
				action: block ? 'blocked' : 'unblocked',
				moderatorId: moderator.userId,
				targetKind: 'user',
				targetId: userId,
				subjectUserId: userId,
				projectId: null,
				reason: rest.reason,
				note
			});
		});
		// A5/MO6: every open connection of that account, on every node, re-reads what it may do.
		events.publish({ type: 'account.changed', userId });
		return { userId, blocked: block };
	}

	return {
		/**
		 * MO1: a signed-in person who is not blocked reports an idea or a comment they can read, giving a reason and an
		 * optional note; not their own, and once while their report is open. R30 limits how often. The moderators'
		 * queue hears of it at once (`moderation.queueChanged`).
		 */
		async report(actor: Actor, input: unknown): Promise<{ reportId: string }> {
			const { targetKind, targetId, reason, note } = parseInput(reportSchema, input);
			if (actor.kind !== 'user') throw new DomainError('unauthenticated', 'report_sign_in');
			refuseBlocked(actor);
			const key = idempotency.keyOf(input);
			const replayed = await idempotency.replay<{ reportId: string }>('moderation.report', actor.userId, key);
			if (replayed) return replayed;
			await limits.take('moderation.report', limitSubjectOf(actor));
			const id = ids.next();
			const { value, fresh } = await idempotency.record('moderation.report', actor.userId, key, async (tx) => {
				const target = await targetOf(tx, targetKind, targetId);
				// What the reporter may not read does not exist for them (MO3); a tombstone or a withdrawn idea says nothing more.
				if (target.hiddenAt !== null && !mayReadHidden(actor, target.authorId)) throw new DomainError('not_found', 'moderation_not_found');
				if (target.deletedAt !== null) throw new DomainError('conflict', 'report_target_gone');
				if (target.authorId === actor.userId) throw new DomainError('forbidden', 'report_own');
				if (await tx.moderation.hasOpenReport(targetKind, targetId, actor.userId)) throw new DomainError('conflict', 'report_already_open');
				await tx.moderation.insertReport({
					id,
					targetKind,
					targetId,
					ideaId: target.ideaId,
					projectId: target.projectId,
					reporterId: actor.userId,
					reason,
					note,
					createdAt: clock.now().toISOString()
				});
				return { reportId: id };
			}).catch((error: unknown) => {
				// Two reports of one person racing: the partial unique index (migration 025) refused the second.
				if (error instanceof Error && /unique|duplicate key/i.test(error.message)) throw new DomainError('conflict', 'report_already_open');
				throw error;
			});
			if (fresh) await announceQueue(targetKind, targetId);
			return value;
		},

		/** MO2: the open reports, one entry per item with its count and reasons, most reported first. Moderators only. */
		async queue(actor: Actor): Promise<QueueEntry[]> {
			requireModerator(actor);
			const reports = await store.moderation.openReports(QUEUE_REPORT_LIMIT);
			const ideaIds = [...new Set(reports.filter((report) => report.targetKind === 'idea').map((report) => report.targetId))];
			const commentIds = [...new Set(reports.filter((report) => report.targetKind === 'comment').map((report) => report.targetId))];
			const targets = [...(await store.moderation.findTargets('idea', ideaIds)), ...(await store.moderation.findTargets('comment', commentIds))];
			return entriesOf(reports, targets);
		},

		/** MO2: whether this actor may join the staff room of the live queue (checked again at every account change). */
		mayWatchQueue(actor: Actor): boolean {
			return canModerate(actor);
		},

		/** MO3: a moderator hides an idea or a comment with a reason its author reads; its open reports close. R31. */
		hide: (actor: Actor, input: unknown) => setHidden(actor, input, true),

		/** MO4: a moderator shows a hidden item again, with a reason. R31. */
		restore: (actor: Actor, input: unknown) => setHidden(actor, input, false),

		/** MO5: a moderator closes an item's open reports without hiding it (logged as `dismissed`). R31. */
		async dismiss(actor: Actor, input: unknown): Promise<{ targetKind: ModerationTargetKind; targetId: string; dismissed: number }> {
			const { targetKind, targetId, note } = parseInput(dismissSchema, input);
			const moderator = requireModerator(actor);
			await limits.take('moderation.decide', limitSubjectOf(actor));
			const at = clock.now().toISOString();
			const dismissed = await store.transaction(async (tx) => {
				const target = await targetOf(tx, targetKind, targetId);
				const count = await tx.moderation.resolveReports(targetKind, targetId, 'dismissed', moderator.userId, at);
				if (count === 0) throw new DomainError('conflict', 'moderation_no_open_reports');
				await tx.moderation.appendAudit({
					at,
					action: 'dismissed',
					moderatorId: moderator.userId,
					targetKind,
					targetId,
					subjectUserId: target.authorId,
					projectId: target.projectId,
					reason: null,
					note
				});
				return count;
			});
			await announceQueue(targetKind, targetId);
			return { targetKind, targetId, dismissed };
		},

		/**
		 * MO6: a moderator blocks a citizen's account with a reason: it still reads, and every write refuses it, at once
		 * on every open connection (`account.changed`). Not oneself, not a staff account. R32.
		 */
		block: (actor: Actor, input: unknown) => setBlocked(actor, input, true),

		/** MO6: lifts a block. R32. */
		unblock: (actor: Actor, input: unknown) => setBlocked(actor, input, false),

		/** MO7: one page of the audit log, newest first, filtered. Moderators and admins. */
		async audit(actor: Actor, input: unknown): Promise<AuditPage> {
			const query = parseInput(auditQuerySchema, input);
			requireModerator(actor);
			const rows = await store.moderation.auditPage(auditFilterOf(query), AUDIT_PAGE_SIZE + 1);
			const entries = rows.slice(0, AUDIT_PAGE_SIZE).map(toAuditEntry);
			return { entries, next: rows.length > AUDIT_PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null };
		},

		/** MO7: who has moderated (for the log's filter). */
		async auditModerators(actor: Actor): Promise<{ id: string; displayName: string }[]> {
			requireModerator(actor);
			return store.moderation.auditModerators();
		},

		/**
		 * MO7: the filtered log as CSV, a page at a time, every field safe to open in a spreadsheet (no formulas). Admins
		 * only. R33. Checks everything before the first row, so a refusal is an error, not a broken download.
		 */
		async exportAudit(actor: Actor, input: unknown): Promise<AsyncIterable<string>> {
			const admin = requireModerator(actor);
			if (admin.role !== 'admin') throw new DomainError('forbidden', 'moderation_export_forbidden');
			const query = parseInput(auditQuerySchema, input);
			await limits.take('moderation.export', limitSubjectOf(actor));
			const filter = auditFilterOf({ ...query, before: undefined });
			return (async function* rows() {
				yield csvRow(['id', 'at', 'action', 'moderator_id', 'moderator', 'target_kind', 'target_id', 'subject_user_id', 'project_id', 'reason', 'note']);
				for (let before: number | undefined; ; ) {
					const page = await store.moderation.auditPage({ ...filter, ...(before ? { before } : {}) }, 500);
					for (const row of page) {
						yield csvRow([row.id, row.at, row.action, row.moderatorId, row.moderatorName, row.targetKind, row.targetId, row.subjectUserId, row.projectId, row.reason, row.note]);
					}
					if (page.length < 500) return;
					before = page.at(-1)!.id;
				}
			})();
		},

		/** MO8: how many of a project's ideas and comments are hidden now, by reason; public, no content. */
		async hiddenTally(projectId: unknown): Promise<HiddenTally> {
			const id = parseInput(idSchema, projectId);
			if (!(await store.projects.findById(id))) throw new DomainError('not_found', 'project_not_found');
			const byReason = Object.fromEntries(MODERATION_REASONS.map((reason) => [reason, 0])) as Record<ModerationReason, number>;
			for (const row of await store.moderation.hiddenByReason(id)) byReason[reasonOf(row.reason)] += row.count;
			return { projectId: id, total: Object.values(byReason).reduce((sum, count) => sum + count, 0), byReason };
		}
	};
}

export type ModerationService = ReturnType<typeof createModerationService>;
