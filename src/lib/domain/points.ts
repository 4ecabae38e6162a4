import { z } from 'zod';

/**
 * PT1: why points were given. Each reason has a published weight (PT2) and a daily cap (PT3); the city's answers and
 * co-authorship are worth the most (PT8).
 */
export const POINT_REASONS = ['idea_posted', 'comment_posted', 'vote_received', 'draft_coauthored', 'answer_received', 'idea_accepted', 'idea_implemented'] as const;
export type PointReason = (typeof POINT_REASONS)[number];

/** What a ledger entry is about: the content whose fate decides whether the points stand (PT9). */
export type PointSourceKind = 'idea' | 'comment';

/** PT9: why an entry was reversed by a later one. */
export const REVERSAL_CAUSES = ['hidden', 'withdrawn', 'deleted', 'vote_removed', 'answer_changed'] as const;
export type ReversalCause = (typeof REVERSAL_CAUSES)[number];

/** PT2: points per reason; admins change them (for later entries only: an entry keeps the points it was given). */
export type PointWeights = Readonly<Record<PointReason, number>>;

export const DEFAULT_POINT_WEIGHTS: PointWeights = {
	idea_posted: 5,
	comment_posted: 2,
	vote_received: 1,
	draft_coauthored: 15,
	answer_received: 3,
	idea_accepted: 30,
	idea_implemented: 50
};

/** PT3: how many entries of a reason one person is given per day (UTC); further ones are kept at 0 points, visibly. */
export const DAILY_CAPS: Readonly<Record<PointReason, number>> = {
	idea_posted: 5,
	comment_posted: 15,
	vote_received: 100,
	draft_coauthored: 5,
	answer_received: 10,
	idea_accepted: 10,
	idea_implemented: 10
};

/** PT2: a weight is a whole number of points between 0 and this. */
export const MAX_POINT_WEIGHT = 1_000;

export const pointWeightsSchema = z
	.object(Object.fromEntries(POINT_REASONS.map((reason) => [reason, z.coerce.number().int().min(0).max(MAX_POINT_WEIGHT)])) as Record<PointReason, z.ZodNumber>)
	.strict();

/**
 * PT8: the city accepting or implementing an idea, and co-authorship, are worth more than anything a person can do
 * alone, so volume never outweighs what helps the city. A weight table that breaks this is refused.
 */
export function weightsKeepConstructiveFirst(weights: PointWeights): boolean {
	const alone = Math.max(weights.idea_posted, weights.comment_posted, weights.vote_received, weights.answer_received);
	return weights.idea_accepted > alone && weights.idea_implemented > alone && weights.draft_coauthored > alone;
}

/** PT6: the n-th comment (1-based) of one person on one idea earns this share of the weight. */
export function commentShare(nth: number): number {
	if (nth <= 1) return 1;
	if (nth === 2) return 0.5;
	if (nth === 3) return 0.25;
	return 0;
}

/** Why an award was given fewer points than its weight, or none (shown beside the entry). */
export type AwardLimit = 'daily_cap' | 'repeat_comment' | null;

/** The points one award earns, and what cut them. */
export interface AwardDecision {
	readonly points: number;
	readonly limitedBy: AwardLimit;
}

/**
 * PT3/PT6: the points of one award of `reason`, given how many entries of that reason the person already had today
 * and, for comments, which of their comments on the idea this is.
 */
export function decideAward(weights: PointWeights, reason: PointReason, context: { readonly awardedToday: number; readonly nthOnIdea?: number }): AwardDecision {
	if (context.awardedToday >= DAILY_CAPS[reason]) return { points: 0, limitedBy: 'daily_cap' };
	if (reason === 'comment_posted') {
		const share = commentShare(context.nthOnIdea ?? 1);
		const points = Math.floor(weights.comment_posted * share);
		return { points, limitedBy: share < 1 ? 'repeat_comment' : null };
	}
	return { points: weights[reason], limitedBy: null };
}

/**
 * PT4/PT5: whether an upvote earns its idea's authors points: never their own (PT4: an author or co-author voting
 * on the idea), never from an account made after the idea (PT5: fresh accounts cannot farm support).
 */
export function voteEarnsPoints(vote: { readonly voterId: string; readonly voterCreatedAt: string }, idea: { readonly authorIds: readonly string[]; readonly createdAt: string }): boolean {
	if (idea.authorIds.includes(vote.voterId)) return false;
	return Date.parse(vote.voterCreatedAt) < Date.parse(idea.createdAt);
}

/** PT3: the UTC day an entry counts in, `YYYY-MM-DD`. */
export function dayOf(at: string): string {
	return at.slice(0, 10);
}

/** LB1: the month a board counts, `YYYY-MM` (UTC). */
export function monthOf(at: string): string {
	return at.slice(0, 7);
}

/**
 * LB1: the public boards. `all` counts everything; `month:YYYY-MM` what was earned that month; `project:<id>` in one
 * project; `district:<slug>` on content placed in one district.
 */
export type BoardKey = 'all' | `month:${string}` | `project:${string}` | `district:${string}`;

export const boardKeySchema = z.union([
	z.literal('all'),
	z.string().regex(/^month:\d{4}-(0[1-9]|1[0-2])$/),
	z.string().regex(/^project:[A-Za-z0-9_-]{1,64}$/),
	z.string().regex(/^district:[a-z0-9-]{1,64}$/)
]) as z.ZodType<BoardKey>;

/** LB1: every board one entry counts on. */
export function boardsOf(entry: { readonly createdAt: string; readonly projectId: string | null; readonly districtSlug: string | null }): BoardKey[] {
	const boards: BoardKey[] = ['all', `month:${monthOf(entry.createdAt)}`];
	if (entry.projectId) boards.push(`project:${entry.projectId}`);
	if (entry.districtSlug) boards.push(`district:${entry.districtSlug}`);
	return boards;
}

/** LB5: one person's new total on one board, after a ledger write committed (PT10: derived from the ledger). */
export interface BalanceChange {
	readonly board: BoardKey;
	readonly userId: string;
	/** The new total on this board; 0: the person has no points there any more and leaves the board. */
	readonly points: number;
	readonly delta: number;
	/** When the person reached `points` (ties: who got there first ranks first, LB1). */
	readonly reachedAt: string;
	/** LB2: whether the person appears on public boards. */
	readonly listed: boolean;
}

/** One line of the append-only ledger (PT1). A reversal (PT9) carries the opposite points and the id it reverses. */
export interface LedgerEntry {
	readonly id: string;
	readonly userId: string;
	readonly points: number;
	readonly reason: PointReason;
	readonly sourceKind: PointSourceKind;
	readonly sourceId: string;
	readonly ideaId: string;
	readonly projectId: string | null;
	readonly districtSlug: string | null;
	/** vote_received: who voted, and their home district then (BG3). */
	readonly counterpartId: string | null;
	readonly counterpartDistrict: string | null;
	readonly limitedBy: AwardLimit;
	/** PT9: the entry this one reverses, and why; null for an award. */
	readonly reverses: string | null;
	readonly cause: ReversalCause | null;
	readonly createdAt: string;
}

/**
 * A ledger line as a person's points history shows it: the idea's title (none for a hidden idea), never who voted.
 */
export interface PointsHistoryLine extends Omit<LedgerEntry, 'userId' | 'sourceKind' | 'sourceId' | 'counterpartId' | 'counterpartDistrict'> {
	readonly ideaTitle: string | null;
	readonly ideaLanguage: string | null;
	readonly projectSlug: string | null;
	/** PT9: an award later reversed says so beside it. */
	readonly reversedBy: { readonly cause: ReversalCause; readonly at: string } | null;
}

/** BG1: the badges, each with levels; thresholds are counts of standing awards (or of districts, BG3). */
export const BADGES = {
	/** BG2: ideas posted that stand. */
	ideas: [1, 5, 20],
	/** BG4: drafts co-written that became ideas. */
	co_author: [1, 3, 10],
	/** BG3: supporters from this many different home districts across one's ideas. */
	bridge_builder: [3, 5, 8],
	/** BG5: ideas the city accepted. */
	accepted: [1, 3, 10],
	/** BG6: ideas the city implemented. */
	implemented: [1, 3, 10],
	/** BG7: comments that earned points. */
	conversation: [10, 50, 200]
} as const satisfies Record<string, readonly number[]>;
export type BadgeKind = keyof typeof BADGES;
export const BADGE_KINDS = Object.keys(BADGES) as BadgeKind[];

export interface BadgeLevel {
	readonly kind: BadgeKind;
	/** 1-based level reached. */
	readonly level: number;
	/** The count it is measured by, and the next level's threshold (null at the top). */
	readonly count: number;
	readonly next: number | null;
}

/** What the ledger says about a person, from which badges follow (BG1). */
export interface BadgeCounts {
	readonly ideas: number;
	readonly co_author: number;
	readonly bridge_builder: number;
	readonly accepted: number;
	readonly implemented: number;
	readonly conversation: number;
}

/** BG1: the badges reached for these counts (level 0 badges are left out). */
export function badgesOf(counts: BadgeCounts): BadgeLevel[] {
	const levels: BadgeLevel[] = [];
	for (const kind of BADGE_KINDS) {
		const thresholds: readonly number[] = BADGES[kind];
		const count = counts[kind];
		const level = thresholds.filter((threshold) => count >= threshold).length;
		if (level > 0) levels.push({ kind, level, count, next: thresholds[level] ?? null });
	}
	return levels;
}

/** BG8: badges reached or raised between two readings, to announce live. */
export function newBadges(before: readonly BadgeLevel[], after: readonly BadgeLevel[]): BadgeLevel[] {
	return after.filter((badge) => badge.level > (before.find((b) => b.kind === badge.kind)?.level ?? 0));
}

/** What a person's standing awards (not reversed) say, counted by the store (BG1). */
export interface BadgeAggregate {
	/** Per reason: standing awards, and those of them that earned points. */
	readonly byReason: ReadonlyMap<PointReason, { readonly standing: number; readonly earning: number }>;
	/** BG3: distinct home districts of the people whose standing votes earned the person points. */
	readonly supporterDistricts: number;
}

/** BG1: the counts each badge is measured by. Comments count when they earned points (PT6: repeats do not). */
export function badgeCountsOf(aggregate: BadgeAggregate): BadgeCounts {
	const standing = (reason: PointReason) => aggregate.byReason.get(reason)?.standing ?? 0;
	return {
		ideas: standing('idea_posted'),
		co_author: standing('draft_coauthored'),
		bridge_builder: aggregate.supporterDistricts,
		accepted: standing('idea_accepted'),
		implemented: standing('idea_implemented'),
		conversation: aggregate.byReason.get('comment_posted')?.earning ?? 0
	};
}

/** LB1: one line of a board: competition rank (equal points, equal rank; ties listed by who got there first). */
export interface BoardLine {
	readonly rank: number;
	readonly userId: string;
	readonly displayName: string;
	readonly points: number;
}

/** LB4: a board as pushed live: a versioned snapshot; a viewer keeps the higher version. */
export interface BoardSnapshot {
	readonly board: BoardKey;
	readonly version: number;
	readonly lines: readonly BoardLine[];
	/** How many people are listed on the board. */
	readonly total: number;
}

/** LB2: where one person stands, shown to them even when they opted out of public boards. */
export interface OwnStanding {
	readonly board: BoardKey;
	/** null: no points on this board yet. */
	readonly rank: number | null;
	readonly points: number;
	readonly listed: boolean;
}

/** LB2/BG3: a person's choices about rewards. */
export const pointsPreferencesSchema = z
	.object({
		listed: z.boolean(),
		/** BG3: the district one lives in, or null to say nothing. */
		homeDistrict: z.string().regex(/^[a-z0-9-]{1,64}$/).nullable()
	})
	.strict();
export type PointsPreferences = z.infer<typeof pointsPreferencesSchema>;
