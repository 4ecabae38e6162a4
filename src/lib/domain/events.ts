import type { CommentView } from './comments';
import type { DocumentVersionSummary } from './document-history';
import type { DraftJoinRequest } from './drafts';
import type { Idea, IdeaStatus, Withdrawal } from './ideas';
import type { OfficialAnswer } from './answers';
import type { NotificationItem } from './notifications';
import type { ModerationReason, ModerationTargetKind, QueueEntry } from './moderation';
import type { BalanceChange, BadgeLevel, LedgerEntry } from './points';
import type { VoteValue } from './votes';

/** Facts the services publish after a successful write; the realtime layer maps them to rooms. */
export type DomainEvent =
	| { readonly type: 'idea.created'; readonly projectId: string; readonly idea: Idea }
	| {
			readonly type: 'idea.counted';
			readonly projectId: string;
			readonly ideaId: string;
			readonly upvotes: number;
			readonly downvotes: number;
			readonly commentCount: number;
			readonly votesVersion: number;
	  }
	/** I7: an idea's author changed its text or topic; the previous version is in its history. */
	| {
			readonly type: 'idea.edited';
			readonly projectId: string;
			readonly ideaId: string;
			readonly title: string;
			readonly body: string;
			readonly bodyText: string;
			readonly topic: { readonly slug: string; readonly name: string };
			readonly editedAt: string;
	  }
	/** I9: an idea was withdrawn; it leaves the lists, its page stays. */
	| { readonly type: 'idea.withdrawn'; readonly projectId: string; readonly ideaId: string; readonly withdrawn: Withdrawal }
	/** I10: an idea was marked a duplicate of `duplicateOf` (null: the mark was undone; `original` is the idea it pointed to). */
	| {
			readonly type: 'idea.duplicateChanged';
			readonly projectId: string;
			readonly ideaId: string;
			readonly duplicateOf: string | null;
			readonly original: string;
			/** I11: the original's upvotes from its duplicates, after this change. */
			readonly originalDuplicateUpvotes: number;
	  }
	| {
			readonly type: 'vote.recorded';
			readonly userId: string;
			readonly projectId: string;
			readonly ideaId: string;
			readonly value: VoteValue | null;
			/** The idea's votesVersion this vote produced: of two records of one vote, the higher is the newer (V5). */
			readonly votesVersion: number;
	  }
	/** C1/C2: a new comment or reply (the viewer-free view: `myUpvote` false). */
	| { readonly type: 'comment.created'; readonly ideaId: string; readonly comment: CommentView }
	/** C3: a comment's new body. */
	| { readonly type: 'comment.edited'; readonly ideaId: string; readonly comment: CommentView }
	/** C4: a comment became a tombstone. */
	| { readonly type: 'comment.deleted'; readonly ideaId: string; readonly commentId: string; readonly parentId: string | null; readonly deletedAt: string; readonly version: number }
	/** C5/C8: a comment's upvotes as a versioned snapshot. */
	| { readonly type: 'comment.counted'; readonly ideaId: string; readonly commentId: string; readonly upvotes: number; readonly version: number }
	/** ST3: the city answered an idea (a status, the same one again, with its signed message). */
	| { readonly type: 'idea.answered'; readonly projectId: string; readonly ideaId: string; readonly ideaTitle: string; readonly status: IdeaStatus; readonly answer: OfficialAnswer }
	/** ST7: an idea's upvotes reached its project's support threshold; the city now owes an answer by `due`. */
	| { readonly type: 'idea.thresholdReached'; readonly projectId: string; readonly ideaId: string; readonly threshold: number; readonly reachedAt: string; readonly due: string }
	/**
	 * N1: one fact was told to these people (a notification each, stored): each of them, and no one else, is told live.
	 * `item` is the same for all of them, unread.
	 */
	| { readonly type: 'notification.created'; readonly userIds: readonly string[]; readonly item: NotificationItem }
	/** N5: someone marked notifications read: their other tabs and devices update their bell. */
	| { readonly type: 'notification.read'; readonly userId: string; readonly factIds: readonly string[] | null }
	/** A session was signed out: live connections opened with it must stop acting for its user. */
	| { readonly type: 'session.ended'; readonly sessionKey: string }
	/**
	 * What an account may do changed (its role, a block (MO6)): every live connection of that user
	 * re-reads its actor and rights.
	 */
	| { readonly type: 'account.changed'; readonly userId: string }
	/**
	 * Who may open a Yjs document, or how, changed (a draft's co-authors, visibility or publish state, D17): every open
	 * connection of that document, on every node, re-reads its access.
	 */
	| { readonly type: 'document.access-changed'; readonly name: string }
	/** D44: a version of a document was taken (automatic, named or before a restore); whoever watches its history is told. */
	| { readonly type: 'document.versionTaken'; readonly name: string; readonly version: DocumentVersionSummary }
	/** D18: someone asked to join a public draft; its co-authors (`authorIds`) are told. */
	| { readonly type: 'draft.joinRequested'; readonly draftId: string; readonly authorIds: readonly string[]; readonly request: DraftJoinRequest }
	/** MO2: an item entered, changed in or left (`entry` null) the moderators' queue. */
	| { readonly type: 'moderation.queueChanged'; readonly targetKind: ModerationTargetKind; readonly targetId: string; readonly entry: QueueEntry | null }
	/**
	 * MO9: a moderator hid or restored someone's content; `userId` is the content's author (whom a notification tells).
	 * Says nothing of the content itself.
	 */
	| {
			readonly type: 'moderation.decided';
			readonly userId: string;
			readonly targetKind: ModerationTargetKind;
			readonly targetId: string;
			readonly ideaId: string;
			readonly projectId: string;
			readonly action: 'hidden' | 'restored';
			readonly reasonCode: ModerationReason;
	  }
	/** MO3: a comment was hidden: readers of its idea drop its words (the placeholder keeps its place). */
	| { readonly type: 'comment.hidden'; readonly ideaId: string; readonly commentId: string; readonly parentId: string | null; readonly version: number }
	/** MO4: a hidden comment is shown again (the viewer-free view). */
	| { readonly type: 'comment.restored'; readonly ideaId: string; readonly comment: CommentView }
	/** MO3: an idea was hidden: it leaves every list, map and page of those who may not read it. */
	| { readonly type: 'idea.hidden'; readonly projectId: string; readonly ideaId: string; readonly authorId: string }
	/** MO4: a hidden idea is shown again. */
	| { readonly type: 'idea.restored'; readonly projectId: string; readonly idea: Idea }
	/**
	 * PT1/LB5: a person's ledger grew (awards or reversals, committed): the new lines and their totals on every board
	 * the lines count on.
	 */
	| { readonly type: 'points.changed'; readonly userId: string; readonly entries: readonly LedgerEntry[]; readonly changes: readonly BalanceChange[] }
	/** BG8: a person reached a badge or a badge's next level. */
	| { readonly type: 'badge.awarded'; readonly userId: string; readonly badges: readonly BadgeLevel[] }
	/** LB2: a person opted out of public boards or back in: the boards drop or show them at once. */
	| { readonly type: 'points.listingChanged'; readonly userId: string; readonly listed: boolean }
	/** D19: a co-author answered a join request; the requester and the co-authors (the new one included) are told. */
	| {
			readonly type: 'draft.joinAnswered';
			readonly draftId: string;
			readonly requestId: string;
			readonly requesterId: string;
			readonly authorIds: readonly string[];
			readonly accepted: boolean;
	  };
