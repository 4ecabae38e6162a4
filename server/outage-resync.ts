import type { Logger } from 'pino';
import type { Idea } from '../src/lib/domain/ideas';
import type { DomainEvent } from '../src/lib/domain/events';
import { rooms } from '../src/lib/realtime/protocol';
import type { App } from '../src/lib/server/app';
import type { AgoraServer } from './realtime';
import type { Redis } from './redis';

/**
 * Broadcasts made this long before a Redis outage was noticed count as possibly lost: commands already written when
 * the link dropped fail with it, and a restarted Redis comes back without the stream other nodes had yet to read.
 */
const LOOKBACK_MS = 10_000;
/** Bounds memory during a long outage; past it the oldest changes are forgotten (and logged). */
const MAX_REMEMBERED = 50_000;
/** Ideas read from the store per query when sending again. */
const BATCH = 500;

type Remembered =
	| { readonly kind: 'created'; readonly at: number; readonly projectId: string; readonly idea: Idea }
	| { readonly kind: 'counted'; readonly at: number; readonly ideaId: string }
	| { readonly kind: 'recorded'; readonly at: number; readonly ideaId: string; readonly userId: string }
	| { readonly kind: 'comment'; readonly at: number; readonly commentId: string }
	| { readonly kind: 'hidden'; readonly at: number; readonly projectId: string; readonly ideaId: string };

export interface OutageResync {
	/** Remembers what a domain event broadcast, in case Redis loses it. */
	note(event: DomainEvent): void;
	close(): void;
}

/**
 * After a Redis outage, sends again, through the adapter to every node, what this node broadcast during it (and just
 * before): each idea created, and the current counts and voters' own votes of each idea voted on, read from the
 * store; and each comment created, edited, deleted or upvoted, as it is now. Counts, own votes and comments carry
 * versions and clients keep the newer (V5, C8), and a client shows an idea or a comment once however often it
 * arrives, so sending again is always safe. Each node resends its own changes: those are the
 * broadcasts only it knows it may have lost. It also re-reads the sessions of its sockets (A5).
 */
export function createOutageResync(
	io: AgoraServer,
	redis: Redis,
	app: App,
	log: Logger,
	/** Also run after an outage: what other nodes told this one (`account:changed`) over pub/sub may be lost. */
	recheckSessions: () => Promise<void>
): OutageResync {
	// Insertion order is time order (a key moved to the end when seen again), so trimming starts at the front.
	const remembered = new Map<string, Remembered>();
	let troubleSince: number | null = null;
	let running: Promise<void> = Promise.resolve();
	let warned = false;

	const now = () => Date.now();

	function remember(key: string, entry: Remembered): void {
		remembered.delete(key);
		remembered.set(key, entry);
		const keepFrom = (troubleSince ?? entry.at) - LOOKBACK_MS;
		for (const [oldKey, old] of remembered) {
			if (old.at >= keepFrom && remembered.size <= MAX_REMEMBERED) break;
			remembered.delete(oldKey);
			if (old.at >= keepFrom && !warned) {
				warned = true;
				log.warn({ limit: MAX_REMEMBERED }, 'too many changes during a Redis outage; the oldest will not be sent again');
			}
		}
	}

	async function resend(entries: readonly Remembered[]): Promise<void> {
		const counted = new Set<string>();
		const recordedBy = new Map<string, Set<string>>();
		const comments: string[] = [];
		for (const entry of entries) {
			if (entry.kind === 'created') io.to(rooms.project(entry.projectId)).emit('idea:created', { projectId: entry.projectId, idea: entry.idea });
			// MO3: a hidden idea's `created` was forgotten when it was hidden; its removal is sent again instead.
			else if (entry.kind === 'hidden') io.to([rooms.project(entry.projectId), rooms.idea(entry.ideaId)]).emit('idea:hidden', { projectId: entry.projectId, ideaId: entry.ideaId });
			else if (entry.kind === 'counted') counted.add(entry.ideaId);
			else if (entry.kind === 'comment') comments.push(entry.commentId);
			else recordedBy.set(entry.userId, (recordedBy.get(entry.userId) ?? new Set()).add(entry.ideaId));
		}
		// A comment's arrival, then its current state: a reader who never got it shows it, one who did takes the newer version.
		for (let start = 0; start < comments.length; start += BATCH) {
			for (const comment of await app.services.comments.current(comments.slice(start, start + BATCH))) {
				const room = io.to(rooms.idea(comment.ideaId));
				room.emit('comment:created', { ideaId: comment.ideaId, comment });
				if (comment.hidden) {
					// MO3: `current` answers the placeholder; a reader who had the words drops them, a moderator marks them.
					room.emit('comment:hidden', { ideaId: comment.ideaId, commentId: comment.id, parentId: comment.parentId, version: comment.version });
				} else if (comment.deletedAt !== null) {
					room.emit('comment:deleted', { ideaId: comment.ideaId, commentId: comment.id, parentId: comment.parentId, deletedAt: comment.deletedAt, version: comment.version });
				} else {
					room.emit('comment:edited', { ideaId: comment.ideaId, comment });
				}
			}
		}
		const ideaIds = [...counted];
		for (let start = 0; start < ideaIds.length; start += BATCH) {
			for (const { projectId, ideaId, upvotes, downvotes, commentCount, votesVersion } of await app.services.votes.standings(ideaIds.slice(start, start + BATCH))) {
				io.to([rooms.project(projectId), rooms.idea(ideaId)]).emit('idea:counted', { projectId, ideaId, upvotes, downvotes, commentCount, votesVersion });
			}
		}
		for (const [userId, ideas] of recordedBy) {
			for (const { projectId, ideaId, myVote, votesVersion } of await app.services.votes.standings([...ideas], userId)) {
				io.to(rooms.user(userId)).emit('vote:recorded', { projectId, ideaId, value: myVote, votesVersion });
			}
		}
		log.info({ ideas: counted.size, created: entries.filter((entry) => entry.kind === 'created').length, comments: comments.length }, 'sent again what a Redis outage may have lost');
	}

	const onTrouble = () => {
		troubleSince ??= now();
	};
	const onReady = () => {
		if (troubleSince === null) return;
		const since = troubleSince - LOOKBACK_MS;
		// Taken now: once healthy again, new changes trim what is older than the look-back.
		const entries = [...remembered.values()].filter((entry) => entry.at >= since);
		troubleSince = null;
		warned = false;
		running = running
			.then(() => Promise.all([resend(entries), recheckSessions()]))
			.then(() => undefined)
			.catch((error: unknown) => log.error({ err: error }, 'could not send again what a Redis outage may have lost'));
	};
	// Whichever the client says first: its socket failed, it is reconnecting, or it closed.
	const troubles = ['error', 'reconnecting', 'end'] as const;
	for (const name of troubles) redis.on(name, onTrouble);
	redis.on('ready', onReady);

	return {
		note(event) {
			const at = now();
			switch (event.type) {
				case 'idea.created':
					remember(`created:${event.idea.id}`, { kind: 'created', at, projectId: event.projectId, idea: event.idea });
					return;
				case 'idea.counted':
					remember(`counted:${event.ideaId}`, { kind: 'counted', at, ideaId: event.ideaId });
					return;
				case 'vote.recorded':
					remember(`recorded:${event.userId}:${event.ideaId}`, { kind: 'recorded', at, ideaId: event.ideaId, userId: event.userId });
					return;
				case 'comment.created':
				case 'comment.edited':
					remember(`comment:${event.comment.id}`, { kind: 'comment', at, commentId: event.comment.id });
					return;
				case 'comment.restored':
					remember(`comment:${event.comment.id}`, { kind: 'comment', at, commentId: event.comment.id });
					return;
				case 'idea.hidden':
					// Never send the hidden idea's content again, only that it left.
					remembered.delete(`created:${event.ideaId}`);
					remember(`hidden:${event.ideaId}`, { kind: 'hidden', at, projectId: event.projectId, ideaId: event.ideaId });
					return;
				case 'idea.restored':
					remembered.delete(`hidden:${event.idea.id}`);
					remember(`created:${event.idea.id}`, { kind: 'created', at, projectId: event.projectId, idea: event.idea });
					return;
				case 'comment.hidden':
				case 'comment.deleted':
				case 'comment.counted':
					remember(`comment:${event.commentId}`, { kind: 'comment', at, commentId: event.commentId });
					return;
				default:
					return;
			}
		},
		close() {
			for (const name of troubles) redis.off(name, onTrouble);
			redis.off('ready', onReady);
		}
	};
}
