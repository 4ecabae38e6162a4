import { z } from 'zod';
import { isModeratorRole, type Actor, type Role } from './actors';
import { idSchema } from './ideas';
import { idempotencyKeySchema } from './idempotency';
import { personText } from './text';

/** MO1: what a report, a hiding and a block may say as their reason: a fixed list, the same for all three. */
export const MODERATION_REASONS = ['spam', 'harassment', 'off_topic', 'personal_data', 'illegal', 'other'] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];
export const moderationReasonSchema = z.enum(MODERATION_REASONS, { error: 'moderation_reason_required' });

/** What can be reported and hidden. */
export const MODERATION_TARGET_KINDS = ['idea', 'comment'] as const;
export type ModerationTargetKind = (typeof MODERATION_TARGET_KINDS)[number];
export const moderationTargetKindSchema = z.enum(MODERATION_TARGET_KINDS, { error: 'validation_invalid' });

/** MO1/MO3/MO6: the person-written note beside a reason. */
export const MODERATION_NOTE_MAX = 500;
const note = personText({ kind: 'multiline', min: 1, max: MODERATION_NOTE_MAX, required: 'validation_invalid' });
/** An empty note is no note (a form sends the empty field). */
const optionalNote = z
	.union([z.literal(''), note], { error: 'validation_invalid' })
	.nullish()
	.transform((text) => (text ? text : null));

export const reportSchema = z.object({
	targetKind: moderationTargetKindSchema,
	targetId: idSchema,
	reason: moderationReasonSchema,
	note: optionalNote,
	/** I6: a retry of the same report answers the first one. */
	idempotencyKey: idempotencyKeySchema.optional()
});

/** MO3/MO4: hide or restore an item; the reason is shown to its author. */
export const decideSchema = z.object({
	targetKind: moderationTargetKindSchema,
	targetId: idSchema,
	reason: moderationReasonSchema,
	note: optionalNote
});
/** MO5: the open reports on an item are closed without hiding it. */
export const dismissSchema = z.object({ targetKind: moderationTargetKindSchema, targetId: idSchema, note: optionalNote });
/** MO6: block or unblock an account. */
export const blockSchema = z.object({ userId: idSchema, reason: moderationReasonSchema, note: optionalNote });
export const unblockSchema = z.object({ userId: idSchema, note: optionalNote });

/** MO7: what the audit log records. */
export const AUDIT_ACTIONS = ['hidden', 'restored', 'blocked', 'unblocked', 'dismissed'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The most audit entries one page shows; the CSV export streams them all, a page at a time. */
export const AUDIT_PAGE_SIZE = 50;

const dateOnly = z
	.string({ error: 'validation_invalid' })
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'validation_invalid')
	.refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), 'validation_invalid');
const blankIsAbsent = (value: unknown) => (value === '' || value === null ? undefined : value);

/** MO7: the log's filters: an action, a moderator, a date range (whole UTC days, both ends included). */
export const auditQuerySchema = z.strictObject({
	action: z.preprocess(blankIsAbsent, z.enum(AUDIT_ACTIONS, { error: 'validation_invalid' }).optional()),
	moderatorId: z.preprocess(blankIsAbsent, idSchema.optional()),
	from: z.preprocess(blankIsAbsent, dateOnly.optional()),
	to: z.preprocess(blankIsAbsent, dateOnly.optional()),
	/** Keyset: the id of the last entry of the previous page (entries go newest first). */
	before: z.preprocess(blankIsAbsent, z.coerce.number({ error: 'validation_invalid' }).int().positive().optional())
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** MO3: what a hidden comment or idea says about its hiding; `reason` and `note` only to its author and moderators. */
export interface HiddenNotice {
	readonly at: string;
	readonly reason: ModerationReason | null;
	readonly note: string | null;
}

/** The stored reason as the domain knows it (an unknown one reads as `other`). */
export function reasonOf(stored: string | null): ModerationReason {
	return (MODERATION_REASONS as readonly string[]).includes(stored ?? '') ? (stored as ModerationReason) : 'other';
}

/** MO2: one item in the moderators' queue, with its open reports. */
export interface QueueEntry {
	readonly targetKind: ModerationTargetKind;
	readonly targetId: string;
	readonly ideaId: string;
	readonly projectId: string;
	readonly projectSlug: string;
	/** The idea's title (for a comment, the title of the idea it is on). */
	readonly ideaTitle: string;
	/** What was reported: the idea's text or the comment's body, as moderators read it. */
	readonly excerpt: string;
	readonly author: { readonly id: string; readonly displayName: string; readonly blocked: boolean };
	readonly hidden: boolean;
	readonly count: number;
	/** How many open reports give each reason. */
	readonly reasons: Readonly<Partial<Record<ModerationReason, number>>>;
	/** The notes reporters wrote, newest first (at most a few). */
	readonly notes: readonly string[];
	readonly firstReportedAt: string;
	readonly lastReportedAt: string;
}

export interface AuditEntry {
	readonly id: number;
	readonly at: string;
	readonly action: AuditAction;
	readonly moderator: { readonly id: string; readonly displayName: string };
	readonly targetKind: ModerationTargetKind | 'user';
	readonly targetId: string;
	/** The author of the content, or the account blocked. */
	readonly subjectUserId: string | null;
	readonly reason: ModerationReason | null;
	readonly note: string | null;
}

export interface AuditPage {
	readonly entries: readonly AuditEntry[];
	/** The `before` of the next page, or null. */
	readonly next: number | null;
}

/** MO8: per project, how many items are hidden now, by reason (no content). */
export interface HiddenTally {
	readonly projectId: string;
	readonly total: number;
	readonly byReason: Readonly<Record<ModerationReason, number>>;
}

/** MO2: who moderates: moderators and admins (facilitators run town halls). */
export function canModerate(actor: Actor): boolean {
	return actor.kind === 'user' && !actor.blocked && isModeratorRole(actor.role);
}

/** MO3: who may read a hidden item: its author (with the reason) and moderators. */
export function mayReadHidden(actor: Actor, authorId: string): boolean {
	return actor.kind === 'user' && (actor.userId === authorId || isModeratorRole(actor.role));
}

/** MO6: staff accounts are not blocked (change their role first); nobody blocks themselves. */
export function mayBeBlocked(role: Role): boolean {
	return role === 'citizen';
}

/**
 * MO7: a CSV field that no spreadsheet reads as a formula (OWASP's CSV injection advice): a field starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe; every field is quoted, quotes doubled.
 */
export function csvField(value: string | number | null): string {
	let text = value === null ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replaceAll('"', '""')}"`;
}

export function csvRow(values: readonly (string | number | null)[]): string {
	return `${values.map(csvField).join(',')}\r\n`;
}
