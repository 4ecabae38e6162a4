import { requireAccount, type Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import { CONTENT_LANGUAGES, type ContentLanguage } from '../../domain/ideas';
import { limitSubjectOf } from '../../domain/limits';
import {
	groupNotifications,
	markReadSchema,
	NOTIFICATION_LIST_LIMIT,
	notificationDetailSchema,
	unreadCountOf,
	type NotificationDetail,
	type NotificationGroup,
	type NotificationItem
} from '../../domain/notifications';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';
import type { NotificationViewRecord } from '../storage/store';
import type { AnswersService } from './answers';

/** Recipients per live `notification.created` (and Redis message). */
const LIVE_CHUNK = 1_000;

const languageOf = (value: string): ContentLanguage => ((CONTENT_LANGUAGES as readonly string[]).includes(value) ? (value as ContentLanguage) : 'en');

function toItem(record: NotificationViewRecord): NotificationItem | null {
	let detail: NotificationDetail;
	try {
		const parsed = notificationDetailSchema.safeParse(JSON.parse(record.detail));
		if (!parsed.success) return null;
		detail = parsed.data;
	} catch {
		return null;
	}
	return {
		factId: record.factId,
		ideaId: record.ideaId,
		ideaTitle: record.ideaTitle,
		ideaLanguage: languageOf(record.ideaLanguage),
		projectSlug: record.projectSlug,
		detail,
		createdAt: record.createdAt,
		readAt: record.readAt
	};
}

/** What a person's bell shows: the lines (N3) and how many are unread. */
export interface NotificationList {
	/** The newest facts, as the page's live state keeps them. */
	readonly items: readonly NotificationItem[];
	readonly groups: readonly NotificationGroup[];
	readonly unread: number;
}

/**
 * N1–N5 and FO1: each person's notifications, and the notifier that writes them from the services' facts. The
 * notifier runs on the node whose service published the fact, after it committed, one fact at a time (so an author's
 * automatic follow is in before the comments on their idea are told); a failure is logged and never fails the write.
 */
export function createNotificationsService(
	{ store, events, clock, ids, limits, log }: ServicePorts,
	answers: AnswersService,
	options: {
		/** N6: the e-mails of a fact just told (never throws; the notifier does not wait on mail servers). */
		mail?: (userIds: readonly string[], item: NotificationItem) => Promise<void>;
	} = {}
) {
	let queue: Promise<void> = Promise.resolve();

	/** Tells `userIds` (without `except`, N4) of one fact about an idea, stored, then live. */
	async function tell(userIds: Iterable<string>, except: string | null, ideaId: string, detail: NotificationDetail, at: string): Promise<void> {
		const recipients = [...new Set(userIds)].filter((userId) => userId !== except);
		if (recipients.length === 0) return;
		const idea = await store.ideas.findTitle(ideaId);
		if (!idea) return;
		// MO3: a hidden idea's title goes out again only in the decision told to its author.
		if (idea.hiddenAt !== null && !(detail.kind === 'moderation' && recipients.length === 1 && recipients[0] === idea.authorId)) return;
		const project = await store.projects.findById(idea.projectId);
		if (!project) return;
		const factId = ids.next();
		await store.notifications.insertFact({ factId, kind: detail.kind, ideaId, detail: JSON.stringify(detail), createdAt: at }, recipients);
		const item: NotificationItem = { factId, ideaId, ideaTitle: idea.title, ideaLanguage: languageOf(idea.language), projectSlug: project.slug, detail, createdAt: at, readAt: null };
		// One live message per chunk of recipients, so a fact told to a crowd is not one huge relay message.
		for (let start = 0; start < recipients.length; start += LIVE_CHUNK) {
			events.publish({ type: 'notification.created', userIds: recipients.slice(start, start + LIVE_CHUNK), item });
		}
		await options.mail?.(recipients, item);
	}

	/** The idea's followers and, for the city's answers and thresholds, its project's (FO3). */
	async function audienceOf(ideaId: string, projectId: string | null): Promise<string[]> {
		const [ofIdea, ofProject] = await Promise.all([store.follows.followersOfIdea(ideaId), projectId ? store.follows.followersOfProject(projectId, ideaId) : []]);
		return [...ofIdea, ...ofProject];
	}

	async function handle(event: DomainEvent): Promise<void> {
		const at = clock.now().toISOString();
		switch (event.type) {
			case 'idea.created': {
				// FO1: the author, and every co-author credited when a draft was published.
				const credited = await store.drafts.ideaAuthors(event.idea.id);
				await store.follows.followIfUnset([event.idea.author.id, ...credited.map((author) => author.id)], event.idea.id, at);
				return;
			}
			case 'vote.recorded':
				if (event.value !== null) await store.follows.followIfUnset([event.userId], event.ideaId, at);
				return;
			case 'idea.counted':
				await answers.noteSupport(event.projectId, event.ideaId, event.upvotes);
				return;
			case 'comment.created': {
				const { comment } = event;
				const writer = comment.author;
				if (!writer) return;
				const followers = new Set(await store.follows.followersOfIdea(event.ideaId));
				let repliedTo: string | null = null;
				if (comment.parentId) {
					const parent = await store.comments.findForChange(comment.parentId);
					// A reply reaches the comment's author unless they unfollowed the idea (FO2).
					if (parent && parent.deletedAt === null && !(await store.follows.unfollowedIdea(parent.authorId, event.ideaId))) repliedTo = parent.authorId;
				}
				if (repliedTo && repliedTo !== writer.id) {
					await tell([repliedTo], writer.id, event.ideaId, { kind: 'reply', name: writer.displayName }, at);
					followers.delete(repliedTo);
				}
				await tell(followers, writer.id, event.ideaId, { kind: 'comment', name: writer.displayName }, at);
				await store.follows.followIfUnset([writer.id], event.ideaId, at);
				return;
			}
			case 'idea.answered': {
				const { answer } = event;
				const detail: NotificationDetail = { kind: 'answer', from: answer.from, to: answer.to, department: answer.department, staffName: answer.staff.displayName };
				await tell(await audienceOf(event.ideaId, event.projectId), answer.staff.id, event.ideaId, detail, at);
				return;
			}
			case 'idea.thresholdReached': {
				const staff = await store.notifications.staffIds();
				await tell([...(await audienceOf(event.ideaId, event.projectId)), ...staff], null, event.ideaId, { kind: 'threshold', threshold: event.threshold, due: event.due }, at);
				return;
			}
			case 'moderation.decided':
				// N2: the author learns of a decision about what they wrote, with the reason (never the reporters).
				await tell([event.userId], null, event.ideaId, { kind: 'moderation', action: event.action, target: event.targetKind, reason: event.reasonCode }, at);
				return;
			default:
				return;
		}
	}

	return {
		/** Takes one published fact; see the factory's note. */
		notice(event: DomainEvent): void {
			queue = queue
				// After the command has answered: its person waits for their own write, not for everyone else's notice.
				.then(() => new Promise((resolve) => setTimeout(resolve, 0)))
				.then(() => handle(event))
				.catch((error: unknown) => log.warn({ err: error, event: event.type }, 'could not notify'));
		},

		/** Resolves once every fact noticed so far is handled (tests; a graceful shutdown). */
		settled(): Promise<void> {
			return queue;
		},

		/** N3/N4: the actor's newest notifications as lines, and how many lines are unread. */
		async list(actor: Actor): Promise<NotificationList> {
			const person = requireAccount(actor, 'auth_sign_in_to_follow');
			const rows = await store.notifications.listFor(person.userId, NOTIFICATION_LIST_LIMIT);
			const items = rows.map(toItem).filter((item): item is NotificationItem => item !== null);
			const groups = groupNotifications(items);
			return { items, groups, unread: unreadCountOf(groups) };
		},

		/** N5: marks some of the actor's notifications (a line's facts) or all of them read; other people's are never touched. */
		async markRead(actor: Actor, input: unknown): Promise<{ marked: number }> {
			// Marking one's own bell read changes nothing anyone else sees: a blocked account may too (MO6).
			const person = requireAccount(actor, 'auth_sign_in_to_follow');
			const parsed = parseInput(markReadSchema, input);
			await limits.take('notification.read', limitSubjectOf(actor));
			const factIds = 'all' in parsed ? null : parsed.factIds;
			const marked = await store.notifications.markRead(person.userId, factIds, clock.now().toISOString());
			if (marked > 0) events.publish({ type: 'notification.read', userId: person.userId, factIds });
			return { marked };
		}
	};
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
