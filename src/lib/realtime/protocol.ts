import { z } from 'zod';
import type { CommentCount, CommentRevision, CommentSort, CommentThreadPage, CommentUpvoteResult, CommentView } from '../domain/comments';
import type { DocumentVersionSummary } from '../domain/document-history';
import type { DraftJoinRequest } from '../domain/drafts';
import type { ErrorCode } from '../domain/errors';
import type { MapChangedPayload } from '../domain/map-live';
import type { Idea, IdeaStatus, IdeaView, Withdrawal } from '../domain/ideas';
import type { OfficialAnswer } from '../domain/answers';
import type { NotificationItem } from '../domain/notifications';
import type { BadgeLevel, LedgerEntry } from '../domain/points';
import { idSchema } from '../domain/ideas';
import type { AuditPage, QueueEntry } from '../domain/moderation';
import type { LeaderboardMove } from '../domain/leaderboards';
import type { BoardSnapshot, OwnStanding } from '../domain/points';
import type { VoteResult, VoteValue } from '../domain/votes';

/**
 * Beyond the domain's codes, two transport conditions no service raises: `internal`, an unexpected failure (logged on
 * the server), and `unavailable`, this server cannot take the command now (it is shutting down) and did not run it;
 * send it again after `retryAfterMs`, when the connection will have moved to a server that can.
 */
export type AckErrorCode = ErrorCode | 'internal' | 'unavailable';

/** `message` and `fields` are worded in the socket's language; `key` and `params` are for programs. */
export interface AckError {
	readonly code: AckErrorCode;
	readonly message: string;
	readonly key?: string;
	readonly params?: Readonly<Record<string, string | number>>;
	readonly fields?: Readonly<Record<string, string>>;
	/** With `unavailable`: how long to wait before sending the same command again, in milliseconds. */
	readonly retryAfterMs?: number;
	/** `rate_limited`: whole seconds until trying again can succeed. */
	readonly retryAfterSeconds?: number;
}

/** Every command's acknowledgement. */
export type Ack<Data> = { readonly ok: true; readonly data: Data } | { readonly ok: false; readonly error: AckError };

type Command<Payload, Data> = (payload: Payload, ack: (answer: Ack<Data>) => void) => void;

export const roomPayloadSchema = z.object({ projectId: idSchema });
export const ideaRoomPayloadSchema = z.object({ ideaId: idSchema });
export const draftRoomPayloadSchema = z.object({ draftId: idSchema });

/** Commands a client sends: `noun:verb`, each answered by an ack. */
export interface ClientToServerEvents {
	'project:join': Command<{ projectId: string }, { projectId: string }>;
	'project:leave': Command<{ projectId: string }, { projectId: string }>;
	'idea:join': Command<{ ideaId: string }, { ideaId: string }>;
	'idea:leave': Command<{ ideaId: string }, { ideaId: string }>;
	/** D44: follow a draft's versions as they are taken (`draft-history:<id>`), for whoever may list them (D40/D41). */
	'draft:watch-history': Command<{ draftId: string }, { draftId: string }>;
	'draft:unwatch-history': Command<{ draftId: string }, { draftId: string }>;
	'idea:create': Command<
		{
			projectId: string;
			title: string;
			body: string;
			topic: string;
			language?: string;
			location?: { lat: number; lng: number };
			district?: string;
			images?: { id: string; alt?: string }[];
			idempotencyKey?: string;
		},
		IdeaView
	>;
	/** I7: the author's new title, body (editor HTML or plain text) and topic. */
	'idea:edit': Command<{ ideaId: string; title: string; body: string; topic: string }, IdeaView>;
	/** I9: the author or a moderator withdraws an idea, saying why. */
	'idea:withdraw': Command<{ ideaId: string; reason: string }, IdeaView>;
	/** I10: a moderator marks `ideaId` a duplicate of `duplicateOf` (same project). */
	'idea:mark-duplicate': Command<{ ideaId: string; duplicateOf: string }, IdeaView>;
	/** I10: undoes the mark. */
	'idea:unmark-duplicate': Command<{ ideaId: string }, IdeaView>;
	'vote:cast': Command<{ ideaId: string; value: VoteValue }, VoteResult>;
	'vote:withdraw': Command<{ ideaId: string }, VoteResult>;
	/** C1/C2: a comment, or a reply with `parentId`; answers the new comment (with the author's view). */
	'comment:create': Command<{ ideaId: string; body: string; parentId?: string | null; idempotencyKey?: string }, CommentView>;
	/** C3: the author's new body. */
	'comment:edit': Command<{ commentId: string; body: string }, CommentView>;
	/** C4: the author deletes; answers the tombstone. */
	'comment:delete': Command<{ commentId: string }, CommentView>;
	/** C5: `value` true gives the actor's upvote, false takes it back. */
	'comment:upvote': Command<{ commentId: string; value: boolean }, CommentUpvoteResult>;
	/** C6: a page of an idea's thread for this viewer (sort changes, "load more", a refetch after a failed recovery). */
	'comment:thread': Command<{ ideaId: string; sort?: CommentSort; cursor?: string | null }, CommentThreadPage>;
	/** C3: an edited comment's earlier bodies, oldest first. */
	'comment:history': Command<{ commentId: string }, CommentRevision[]>;
	/**
	 * M6: follow a map view (`bbox` is `[west, south, east, north]`); replaces this socket's earlier watch. Answers
	 * how many tile rooms it took and at which tile zoom. R18 limits how often.
	 */
	'map:watch': Command<{ projectId: string | null; bbox: [number, number, number, number]; zoom: number }, { tileZoom: number; tiles: number }>;
	/** M6: stop following the map view. */
	'map:unwatch': Command<Record<string, never>, Record<string, never>>;
	/** D18: asks to join a public draft, with a few words for its authors; answers the (pending) request. */
	'draft:request-join': Command<{ draftId: string; message?: string }, DraftJoinRequest>;
	/** D19: a co-author accepts or declines a join request. */
	'draft:answer-join': Command<{ requestId: string; accept: boolean }, { draftId: string; accepted: boolean }>;
	/** ST1–ST4: a moderator or admin answers an idea: a status and a message signed with a department. */
	'idea:answer': Command<{ ideaId: string; status: IdeaStatus; department: string; message: string; language?: string }, OfficialAnswer>;
	/** FO2: follow (true) or unfollow (false) an idea. */
	'follow:idea': Command<{ ideaId: string; following: boolean }, { ideaId: string; following: boolean }>;
	/** FO3: follow or unfollow a project. */
	'follow:project': Command<{ projectId: string; following: boolean }, { projectId: string; following: boolean }>;
	/** N5: marks some notifications (a line's `factIds`) or `all` read. */
	'notification:read': Command<{ factIds: string[] } | { all: true }, { marked: number }>;
	/** MO1: report an idea or a comment to the moderators. */
	'report:create': Command<{ targetKind: 'idea' | 'comment'; targetId: string; reason: string; note?: string | null; idempotencyKey?: string }, { reportId: string }>;
	/** MO2: a moderator follows the live queue (`staff:moderation`, joined after the role check); answers the queue now. */
	'moderation:watch': Command<Record<string, never>, QueueEntry[]>;
	'moderation:unwatch': Command<Record<string, never>, Record<string, never>>;
	/** MO3/MO4: hide or restore an idea or a comment, with a reason its author reads. */
	'moderation:hide': Command<{ targetKind: 'idea' | 'comment'; targetId: string; reason: string; note?: string | null }, { targetKind: string; targetId: string; hidden: boolean }>;
	'moderation:restore': Command<{ targetKind: 'idea' | 'comment'; targetId: string; reason: string; note?: string | null }, { targetKind: string; targetId: string; hidden: boolean }>;
	/** MO5: close an item's open reports without hiding it. */
	'moderation:dismiss': Command<{ targetKind: 'idea' | 'comment'; targetId: string; note?: string | null }, { targetKind: string; targetId: string; dismissed: number }>;
	/** MO6: block or unblock an account. */
	'moderation:block': Command<{ userId: string; reason: string; note?: string | null }, { userId: string; blocked: boolean }>;
	'moderation:unblock': Command<{ userId: string; note?: string | null }, { userId: string; blocked: boolean }>;
	/** MO7: one page of the audit log. */
	'moderation:audit': Command<{ action?: string; moderatorId?: string; from?: string; to?: string; before?: number }, AuditPage>;
	/**
	 * LB9: follow a board live (`all`, `month:YYYY-MM`, `project:<id>`, `district:<slug>`; R46): joins
	 * `leaderboard:<board>` and answers its top now, with the viewer's own standing when signed in. A connection
	 * follows at most five boards; a sixth drops the oldest.
	 */
	'leaderboard:watch': Command<{ board: string }, { snapshot: BoardSnapshot; own: OwnStanding | null }>;
	/** LB9: stop following a board. */
	'leaderboard:unwatch': Command<{ board: string }, { board: string }>;
}

/** Facts the server pushes, in the past tense. */
export interface ServerToClientEvents {
	/** To `draft-history:<id>`: a version of the draft was taken, automatic, named or before a restore (D44). */
	'draft:version-taken': (payload: { draftId: string; version: DocumentVersionSummary }) => void;
	/** To `user:<id>` of each co-author: someone asks to join their draft (D18). */
	'draft:join-requested': (payload: { draftId: string; request: DraftJoinRequest }) => void;
	/** To `user:<id>` of the requester and of each co-author: a join request was answered (D19). */
	'draft:join-answered': (payload: { draftId: string; requestId: string; accepted: boolean }) => void;
	/** To `project:<id>`: a new idea, without any viewer's vote. */
	'idea:created': (payload: { projectId: string; idea: Idea }) => void;
	/** To `project:<id>` and `idea:<id>`: an idea's new counts. */
	'idea:counted': (payload: { projectId: string; ideaId: string; upvotes: number; downvotes: number; commentCount: number; votesVersion: number }) => void;
	/** To `project:<id>` and `idea:<id>`: an idea's new text and topic (I7); its page adds the old version to its history. */
	'idea:edited': (payload: {
		projectId: string;
		ideaId: string;
		title: string;
		body: string;
		bodyText: string;
		topic: { slug: string; name: string };
		editedAt: string;
	}) => void;
	/** To `project:<id>` and `idea:<id>`: an idea was withdrawn (I9); lists drop it, its page shows why. */
	'idea:withdrawn': (payload: { projectId: string; ideaId: string; withdrawn: Withdrawal }) => void;
	/**
	 * To `project:<id>`, `idea:<ideaId>` and `idea:<original>`: `ideaId` is now a duplicate of `duplicateOf`, or no
	 * longer one (null); `original` is the idea whose "votes from duplicates" (I11) is now `originalDuplicateUpvotes`.
	 */
	'idea:duplicate-changed': (payload: { projectId: string; ideaId: string; duplicateOf: string | null; original: string; originalDuplicateUpvotes: number }) => void;
	/**
	 * To `user:<id>`: the user's own vote changed (from another tab or device); `votesVersion` is the idea's version
	 * that change produced, so of two records the higher is the newer (V5).
	 */
	'vote:recorded': (payload: { projectId: string; ideaId: string; value: VoteValue | null; votesVersion: number }) => void;
	/** To `idea:<id>`: a new comment or reply (`myUpvote` false). */
	'comment:created': (payload: { ideaId: string; comment: CommentView }) => void;
	/** To `idea:<id>`: a comment's new body (C3); keep it only when `comment.version` is newer (C8). */
	'comment:edited': (payload: { ideaId: string; comment: CommentView }) => void;
	/** To `idea:<id>`: a comment became a tombstone (C4). */
	'comment:deleted': (payload: { ideaId: string; commentId: string; parentId: string | null; deletedAt: string; version: number }) => void;
	/** To `idea:<id>`: a comment's upvotes as a versioned snapshot (C8). */
	'comment:counted': (payload: CommentCount) => void;
	/** To `idea:<id>`: a moderator hid a comment (MO3): drop its words, keep its place (a moderator's page marks it hidden). */
	'comment:hidden': (payload: { ideaId: string; commentId: string; parentId: string | null; version: number }) => void;
	/** To `idea:<id>`: a hidden comment is shown again (MO4). */
	'comment:restored': (payload: { ideaId: string; comment: CommentView }) => void;
	/** To `project:<id>` and `idea:<id>`: a moderator hid an idea (MO3); lists and maps drop it. */
	'idea:hidden': (payload: { projectId: string; ideaId: string }) => void;
	/** To `project:<id>`: a hidden idea is shown again (MO4). */
	'idea:restored': (payload: { projectId: string; idea: Idea }) => void;
	/** To `staff:moderation`: an item entered, changed in or left (`entry` null) the queue (MO2). */
	'moderation:queue-changed': (payload: { targetKind: 'idea' | 'comment'; targetId: string; entry: QueueEntry | null }) => void;
	/** To one socket: what its session may do changed (a new role); the page reloads what it shows (A5). */
	'session:changed': () => void;
	/** ST3: to `project:<id>` and `idea:<id>`: the city answered an idea; its status is now `status`. */
	'idea:answered': (payload: { projectId: string; ideaId: string; status: IdeaStatus; answer: OfficialAnswer }) => void;
	/** ST7: to `idea:<id>`: the idea reached its project's threshold; the city promised an answer by `due`. */
	'idea:threshold-reached': (payload: { projectId: string; ideaId: string; threshold: number; reachedAt: string; due: string }) => void;
	/** N1: to `user:<id>` only: a new notification of that user (unread). */
	'notification:new': (payload: NotificationItem) => void;
	/** N5: to `user:<id>` only: some (or, with null, all) of that user's notifications were read elsewhere. */
	'notification:read': (payload: { factIds: string[] | null }) => void;
	/**
	 * PT1: to `user:<id>` only: that person's ledger grew; `total` is their all-time points after it, `lines` the new
	 * lines (never naming who voted).
	 */
	'points:changed': (payload: { total: number; lines: PointsLiveLine[] }) => void;
	/** BG8: to `user:<id>` only: badges that person just reached (a toast). */
	'badge:awarded': (payload: { badges: BadgeLevel[] }) => void;
	/** M6/M7: to each socket whose watched box holds the idea's pin, at most once per idea per window and node. */
	'map:changed': (payload: MapChangedPayload) => void;
	/**
	 * LB9: to `leaderboard:<board>`: the board's top as a versioned snapshot, at most once per window per node
	 * (LIVE_BOARDS_WINDOW_MS), never one per vote; keep it only when its `version` is higher than the one shown (LB4).
	 */
	'leaderboard:snapshot': (payload: BoardSnapshot) => void;
	/** LB8: to `user:<id>` only: that person's own points moved their rank on a board ("you moved up 3 places"). */
	'leaderboard:moved': (payload: LeaderboardMove) => void;
}

/** `map:unwatch` carries nothing (an empty object). */
export const mapUnwatchPayloadSchema = z.strictObject({}, { error: 'validation_invalid' });

/** PT1: a new ledger line as its person's open pages hear it. */
export type PointsLiveLine = Pick<LedgerEntry, 'id' | 'points' | 'reason' | 'ideaId' | 'limitedBy' | 'reverses' | 'cause' | 'createdAt'>;

export const rooms = {
	project: (projectId: string) => `project:${projectId}`,
	idea: (ideaId: string) => `idea:${ideaId}`,
	user: (userId: string) => `user:${userId}`,
	/** D44: whoever has a draft's history open; joined after the history's access check, left when it is lost. */
	draftHistory: (draftId: string) => `draft-history:${draftId}`,
	/** M6: the watchers of one slippy tile (`z/x/y`) for one project, or for every project (`*`); per node. */
	mapTile: (projectId: string | null, tile: string) => `maptile:${projectId ?? '*'}:${tile}`,
	/** Every socket of one session, so signing out disconnects them all (server-side only). */
	session: (sessionKey: string) => `session:${sessionKey}`,
	/** LB9: the watchers of one board (`all`, `month:…`, `project:…`, `district:…`). */
	leaderboard: (board: string) => `leaderboard:${board}`,
	/** MO2: the moderators' live queue; joined only after the role check, left at once when the role or a block changes. */
	moderation: 'staff:moderation'
} as const;

/** Socket.io's path on the shared HTTP server. */
export const SOCKET_PATH = '/socket.io';
/** Yjs documents are served at `/yjs/<document name>`. */
export const YJS_PATH_PREFIX = '/yjs/';
