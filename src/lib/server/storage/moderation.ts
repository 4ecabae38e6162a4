import { sql } from 'kysely';
import type { Executor } from './executor';

export interface ReportRecord {
	id: string;
	targetKind: string;
	targetId: string;
	ideaId: string;
	projectId: string;
	reporterId: string;
	reason: string;
	note: string | null;
	createdAt: string;
}

/** What reporting, hiding and the queue need about an idea or a comment. */
export interface ModerationTargetRecord {
	kind: 'idea' | 'comment';
	id: string;
	ideaId: string;
	projectId: string;
	projectSlug: string;
	ideaTitle: string;
	authorId: string;
	authorName: string;
	authorBlockedAt: string | null;
	/** The idea's visible text or the comment's body. */
	text: string;
	hiddenAt: string | null;
	hiddenReason: string | null;
	/** A comment's thread parent (null for a top-level comment and for an idea). */
	parentId: string | null;
	deletedAt: string | null;
}

export interface AuditRecord {
	id: number;
	at: string;
	action: string;
	moderatorId: string;
	moderatorName: string;
	targetKind: string;
	targetId: string;
	subjectUserId: string | null;
	projectId: string | null;
	reason: string | null;
	note: string | null;
}

export interface NewAuditRecord {
	at: string;
	action: string;
	moderatorId: string;
	targetKind: string;
	targetId: string;
	subjectUserId: string | null;
	projectId: string | null;
	reason: string | null;
	note: string | null;
}

export interface AuditFilter {
	action?: string;
	moderatorId?: string;
	/** Inclusive, ISO times. */
	fromAt?: string;
	toAt?: string;
	before?: number;
}

export interface HiddenMarkRecord {
	at: string;
	by: string;
	reason: string;
	note: string | null;
}

/**
 * MO1–MO8: reports, hidden marks, blocks and the audit log. The log has `appendAudit` and reads only: no statement
 * here updates or deletes an audit row (MO7).
 */
export function moderationRepository(db: Executor) {
	const ideaTargets = () =>
		db
			.selectFrom('ideas as i')
			.innerJoin('users as u', 'u.id', 'i.author_id')
			.innerJoin('projects as p', 'p.id', 'i.project_id')
			.select([
				'p.slug as projectSlug',
				sql<'idea'>`'idea'`.as('kind'),
				'i.id',
				'i.id as ideaId',
				'i.project_id as projectId',
				'i.title as ideaTitle',
				'i.author_id as authorId',
				'u.display_name as authorName',
				'u.blocked_at as authorBlockedAt',
				'i.body_text as text',
				'i.hidden_at as hiddenAt',
				'i.hidden_reason as hiddenReason',
				sql<null>`null`.as('parentId'),
				'i.withdrawn_at as deletedAt'
			]);
	const commentTargets = () =>
		db
			.selectFrom('comments as c')
			.innerJoin('ideas as i', 'i.id', 'c.idea_id')
			.innerJoin('users as u', 'u.id', 'c.author_id')
			.innerJoin('projects as p', 'p.id', 'i.project_id')
			.select([
				'p.slug as projectSlug',
				sql<'comment'>`'comment'`.as('kind'),
				'c.id',
				'c.idea_id as ideaId',
				'i.project_id as projectId',
				'i.title as ideaTitle',
				'c.author_id as authorId',
				'u.display_name as authorName',
				'u.blocked_at as authorBlockedAt',
				'c.body as text',
				'c.hidden_at as hiddenAt',
				'c.hidden_reason as hiddenReason',
				'c.parent_id as parentId',
				'c.deleted_at as deletedAt'
			]);

	return {
		async findTarget(kind: 'idea' | 'comment', id: string): Promise<ModerationTargetRecord | undefined> {
			if (kind === 'idea') return ideaTargets().where('i.id', '=', id).executeTakeFirst();
			return commentTargets().where('c.id', '=', id).executeTakeFirst();
		},

		async findTargets(kind: 'idea' | 'comment', ids: readonly string[]): Promise<ModerationTargetRecord[]> {
			if (ids.length === 0) return [];
			if (kind === 'idea') return ideaTargets().where('i.id', 'in', ids).execute();
			return commentTargets().where('c.id', 'in', ids).execute();
		},

		async hasOpenReport(kind: string, targetId: string, reporterId: string): Promise<boolean> {
			const row = await db
				.selectFrom('moderation_reports')
				.select('id')
				.where('target_kind', '=', kind)
				.where('target_id', '=', targetId)
				.where('reporter_id', '=', reporterId)
				.where('resolved_at', 'is', null)
				.executeTakeFirst();
			return row !== undefined;
		},

		/** MO1: adds an open report; the partial unique index refuses a second open one of the same person. */
		async insertReport(report: ReportRecord): Promise<void> {
			await db
				.insertInto('moderation_reports')
				.values({
					id: report.id,
					target_kind: report.targetKind,
					target_id: report.targetId,
					idea_id: report.ideaId,
					project_id: report.projectId,
					reporter_id: report.reporterId,
					reason: report.reason,
					note: report.note,
					created_at: report.createdAt
				})
				.execute();
		},

		/** MO2: the open reports, oldest first, at most `limit`. */
		async openReports(limit: number, target?: { kind: string; id: string }): Promise<ReportRecord[]> {
			let query = db
				.selectFrom('moderation_reports')
				.select([
					'id',
					'target_kind as targetKind',
					'target_id as targetId',
					'idea_id as ideaId',
					'project_id as projectId',
					'reporter_id as reporterId',
					'reason',
					'note',
					'created_at as createdAt'
				])
				.where('resolved_at', 'is', null);
			if (target) query = query.where('target_kind', '=', target.kind).where('target_id', '=', target.id);
			return query.orderBy('created_at').orderBy('id').limit(limit).execute();
		},

		/** MO3/MO5: closes every open report on the item; returns how many. */
		async resolveReports(kind: string, targetId: string, resolution: 'hidden' | 'dismissed', by: string, at: string): Promise<number> {
			const result = await db
				.updateTable('moderation_reports')
				.set({ resolved_at: at, resolution, resolved_by: by })
				.where('target_kind', '=', kind)
				.where('target_id', '=', targetId)
				.where('resolved_at', 'is', null)
				.executeTakeFirst();
			return Number(result.numUpdatedRows);
		},

		/**
		 * MO3/MO4: hides (a mark) or shows again (null) an idea or a comment. An idea's `changed_at` moves, so a page's
		 * catch-up sees it (M4); a comment's version moves, so a reader keeps the newer state (C8). Returns the
		 * comment's new version (0 for an idea).
		 */
		async setHidden(kind: 'idea' | 'comment', id: string, mark: HiddenMarkRecord | null, at: string): Promise<number> {
			const values = { hidden_at: mark?.at ?? null, hidden_by: mark?.by ?? null, hidden_reason: mark?.reason ?? null, hidden_note: mark?.note ?? null };
			if (kind === 'idea') {
				await db.updateTable('ideas').set({ ...values, changed_at: at }).where('id', '=', id).execute();
				return 0;
			}
			const { version } = await db
				.updateTable('comments')
				.set((eb) => ({ ...values, version: eb('version', '+', 1) }))
				.where('id', '=', id)
				.returning('version')
				.executeTakeFirstOrThrow();
			return version;
		},

		async findUser(id: string): Promise<{ id: string; displayName: string; role: string; blockedAt: string | null } | undefined> {
			return db.selectFrom('users').select(['id', 'display_name as displayName', 'role', 'blocked_at as blockedAt']).where('id', '=', id).executeTakeFirst();
		},

		/** MO6: blocks (a time) or unblocks (null) an account. */
		async setBlocked(id: string, blockedAt: string | null, reason: string | null): Promise<void> {
			await db.updateTable('users').set({ blocked_at: blockedAt, blocked_reason: reason }).where('id', '=', id).execute();
		},

		/** MO7: the only write of the audit log. */
		async appendAudit(entry: NewAuditRecord): Promise<void> {
			await db
				.insertInto('moderation_audit')
				.values({
					at: entry.at,
					action: entry.action,
					moderator_id: entry.moderatorId,
					target_kind: entry.targetKind,
					target_id: entry.targetId,
					subject_user_id: entry.subjectUserId,
					project_id: entry.projectId,
					reason: entry.reason,
					note: entry.note
				})
				.execute();
		},

		/** MO7: the log newest first, filtered, keyset-paged by id. */
		async auditPage(filter: AuditFilter, limit: number): Promise<AuditRecord[]> {
			let query = db
				.selectFrom('moderation_audit as a')
				.leftJoin('users as u', 'u.id', 'a.moderator_id')
				.select([
					'a.id',
					'a.at',
					'a.action',
					'a.moderator_id as moderatorId',
					sql<string>`coalesce(u.display_name, '')`.as('moderatorName'),
					'a.target_kind as targetKind',
					'a.target_id as targetId',
					'a.subject_user_id as subjectUserId',
					'a.project_id as projectId',
					'a.reason',
					'a.note'
				]);
			if (filter.action) query = query.where('a.action', '=', filter.action);
			if (filter.moderatorId) query = query.where('a.moderator_id', '=', filter.moderatorId);
			if (filter.fromAt) query = query.where('a.at', '>=', filter.fromAt);
			if (filter.toAt) query = query.where('a.at', '<=', filter.toAt);
			if (filter.before) query = query.where('a.id', '<', filter.before);
			const rows = await query.orderBy('a.id', 'desc').limit(limit).execute();
			// PostgreSQL's bigserial comes back as a string.
			return rows.map((row) => ({ ...row, id: Number(row.id) }));
		},

		/** MO7: who has moderated, for the log's filter. */
		async auditModerators(): Promise<{ id: string; displayName: string }[]> {
			return db
				.selectFrom('moderation_audit as a')
				.innerJoin('users as u', 'u.id', 'a.moderator_id')
				.select(['u.id', 'u.display_name as displayName'])
				.distinct()
				.orderBy('u.display_name')
				.execute();
		},

		/** MO8: how many ideas and comments of a project are hidden now, by reason. */
		async hiddenByReason(projectId: string): Promise<{ reason: string; count: number }[]> {
			const ideas = await db
				.selectFrom('ideas')
				.select(['hidden_reason as reason', (eb) => eb.fn.countAll<number>().as('count')])
				.where('project_id', '=', projectId)
				.where('hidden_at', 'is not', null)
				.groupBy('hidden_reason')
				.execute();
			const comments = await db
				.selectFrom('comments as c')
				.innerJoin('ideas as i', 'i.id', 'c.idea_id')
				.select(['c.hidden_reason as reason', (eb) => eb.fn.countAll<number>().as('count')])
				.where('i.project_id', '=', projectId)
				.where('c.hidden_at', 'is not', null)
				.groupBy('c.hidden_reason')
				.execute();
			return [...ideas, ...comments].map((row) => ({ reason: row.reason ?? 'other', count: Number(row.count) }));
		}
	};
}
