import { z } from 'zod';
import { IDEA_STATUSES, idSchema, type ContentLanguage, type IdeaStatus } from './ideas';
import { MODERATION_REASONS, type ModerationReason } from './moderation';

/**
 * N2: what a person is told about. `answer`: the city answered an idea they follow (or one in a project they follow);
 * `reply`: someone replied to their comment; `comment`: someone commented on an idea they follow; `threshold`: an
 * idea they follow (or, for staff, any idea) reached its project's support threshold; `moderation`: a moderator hid or
 * restored something they wrote.
 */
export const NOTIFICATION_KINDS = ['answer', 'reply', 'comment', 'threshold', 'moderation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What each kind's line shows besides the idea: facts, never sentences (the words are chosen at the edge). */
export type NotificationDetail =
	| { readonly kind: 'answer'; readonly from: IdeaStatus; readonly to: IdeaStatus; readonly department: string; readonly staffName: string }
	| { readonly kind: 'reply'; readonly name: string }
	| { readonly kind: 'comment'; readonly name: string }
	| { readonly kind: 'threshold'; readonly threshold: number; readonly due: string }
	| { readonly kind: 'moderation'; readonly action: 'hidden' | 'restored'; readonly target: 'idea' | 'comment'; readonly reason: ModerationReason };

/** Reads a stored detail leniently: a row written by another version of Agora shows as a plain line, never a crash. */
export const notificationDetailSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('answer'), from: z.enum(IDEA_STATUSES), to: z.enum(IDEA_STATUSES), department: z.string(), staffName: z.string() }),
	z.object({ kind: z.literal('reply'), name: z.string() }),
	z.object({ kind: z.literal('comment'), name: z.string() }),
	z.object({ kind: z.literal('threshold'), threshold: z.number(), due: z.string() }),
	z.object({ kind: z.literal('moderation'), action: z.enum(['hidden', 'restored']), target: z.enum(['idea', 'comment']), reason: z.enum(MODERATION_REASONS) })
]);

/** One notification of one person: a fact (shared by everyone told of it) and whether they read it. */
export interface NotificationItem {
	readonly factId: string;
	readonly ideaId: string;
	readonly ideaTitle: string;
	readonly ideaLanguage: ContentLanguage;
	readonly projectSlug: string;
	readonly detail: NotificationDetail;
	readonly createdAt: string;
	readonly readAt: string | null;
}

/** N4: the newest notifications a person's bell and page read; older ones stay stored but are not listed. */
export const NOTIFICATION_LIST_LIMIT = 200;

/** N3: comments and replies on one idea, while unread, are one line with their count ("5 new comments on …"). */
const GROUPED_KINDS: ReadonlySet<NotificationKind> = new Set(['comment', 'reply']);

export interface NotificationGroup {
	/** Stable while the group grows: what a list keys its lines by. */
	readonly key: string;
	readonly kind: NotificationKind;
	readonly ideaId: string;
	readonly ideaTitle: string;
	readonly ideaLanguage: ContentLanguage;
	readonly projectSlug: string;
	/** The newest fact's detail. */
	readonly detail: NotificationDetail;
	readonly count: number;
	/** Up to three different names of the people behind a group's comments, newest first. */
	readonly names: readonly string[];
	readonly latestAt: string;
	readonly unread: boolean;
	readonly factIds: readonly string[];
}

/** N3: notifications (newest first) as the lines a person reads: unread comments and replies per idea together. */
export function groupNotifications(items: readonly NotificationItem[]): NotificationGroup[] {
	const groups: NotificationGroup[] = [];
	const open = new Map<string, number>();
	const byNewest = [...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.factId < b.factId ? 1 : -1));
	for (const item of byNewest) {
		const kind = item.detail.kind;
		const groupable = item.readAt === null && GROUPED_KINDS.has(kind);
		const key = groupable ? `${kind}:${item.ideaId}` : item.factId;
		const name = 'name' in item.detail ? item.detail.name : null;
		const at = groupable ? open.get(key) : undefined;
		if (at === undefined) {
			if (groupable) open.set(key, groups.length);
			groups.push({
				key,
				kind,
				ideaId: item.ideaId,
				ideaTitle: item.ideaTitle,
				ideaLanguage: item.ideaLanguage,
				projectSlug: item.projectSlug,
				detail: item.detail,
				count: 1,
				names: name ? [name] : [],
				latestAt: item.createdAt,
				unread: item.readAt === null,
				factIds: [item.factId]
			});
			continue;
		}
		const group = groups[at]!;
		groups[at] = {
			...group,
			count: group.count + 1,
			names: name && !group.names.includes(name) && group.names.length < 3 ? [...group.names, name] : group.names,
			factIds: [...group.factIds, item.factId]
		};
	}
	return groups;
}

/** The bell's number: unread lines, as the list shows them. */
export function unreadCountOf(groups: readonly NotificationGroup[]): number {
	return groups.filter((group) => group.unread).length;
}

/** Input of `notifications.markRead`: some facts (a line's), or every one. */
export const markReadSchema = z.union([
	z.object({ all: z.literal(true) }),
	z.object({ factIds: z.array(idSchema).min(1).max(NOTIFICATION_LIST_LIMIT) })
]);

/** Input of `follows.setIdea` (FO1, FO2) and `follows.setProject` (FO3). */
export const followIdeaSchema = z.object({ ideaId: idSchema, following: z.boolean({ error: 'validation_invalid' }) });
export const followProjectSchema = z.object({ projectId: idSchema, following: z.boolean({ error: 'validation_invalid' }) });
