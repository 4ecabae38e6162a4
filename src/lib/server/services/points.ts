import { isStaffRole, requireAccount, requireSignedIn, roleSchema, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import type { DomainEvent } from '../../domain/events';
import { limitSubjectOf } from '../../domain/limits';
import {
	badgeCountsOf,
	DAILY_CAPS,
	badgesOf,
	dayOf,
	decideAward,
	DEFAULT_POINT_WEIGHTS,
	newBadges,
	POINT_REASONS,
	pointsPreferencesSchema,
	pointWeightsSchema,
	voteEarnsPoints,
	weightsKeepConstructiveFirst,
	type BadgeLevel,
	type BalanceChange,
	type BoardKey,
	type LedgerEntry,
	type PointReason,
	type PointsHistoryLine,
	type PointsPreferences,
	type PointSourceKind,
	type PointWeights,
	type ReversalCause
} from '../../domain/points';
import { parseInput } from '../../domain/validation';
import { z } from 'zod';
import type { RankIndex, ServicePorts } from '../ports';
import type { IdeaPointFacts, PointsHistoryRecord, StoreRepositories } from '../storage/store';

/** PT2: how long a node keeps the weights it read; an admin's change reaches every node within it. */
const WEIGHTS_TTL_MS = 10_000;

/** Lines of a points history per page. */
export const HISTORY_PAGE = 50;

/** PT12: a history page ends before this line: `<createdAt>|<id>` of the last line shown (lines may share a time). */
const historyCursorSchema = z
	.string()
	.max(200)
	.transform((value, context) => {
		const [at, id, ...rest] = value.split('|');
		if (rest.length > 0 || !id || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || !z.string().datetime().safeParse(at).success) {
			context.addIssue({ code: 'custom', message: 'validation_invalid' });
			return z.NEVER;
		}
		return { createdAt: at!, id };
	});
const historyQuerySchema = z.object({ userId: z.string().min(1).max(64), before: historyCursorSchema.nullable().default(null) }).strict();

/** What the rank index must hear of the ledger (the SQL one reads the balances themselves and ignores it). */
type RankUpdates = Pick<RankIndex, 'apply' | 'setListed' | 'rebuild'>;

/** A person's points as their profile shows them (PT12, BG1, LB2). */
export interface PointsProfile {
	readonly userId: string;
	readonly displayName: string;
	/** LB2: false when the person opted out; others then see no points, badges or history. */
	readonly listed: boolean;
	/** Whether the viewer is this person. */
	readonly own: boolean;
	/** null when hidden from this viewer (LB2). */
	readonly total: number | null;
	readonly thisMonth: number | null;
	readonly badges: readonly BadgeLevel[];
	readonly history: readonly PointsHistoryLine[];
	/** The `before` of the next page of history, or null at the end. */
	readonly nextBefore: string | null;
}

const toHistoryLine = (record: PointsHistoryRecord): PointsHistoryLine => ({
	id: record.id,
	points: record.points,
	reason: record.reason,
	ideaId: record.ideaId,
	projectId: record.projectId,
	districtSlug: record.districtSlug,
	limitedBy: record.limitedBy,
	reverses: record.reverses,
	cause: record.cause,
	createdAt: record.createdAt,
	ideaTitle: record.ideaTitle,
	ideaLanguage: record.ideaLanguage,
	projectSlug: record.projectSlug,
	reversedBy: record.reversedCause && record.reversedAt ? { cause: record.reversedCause as ReversalCause, at: record.reversedAt } : null
});

/**
 * PT1–PT12, BG1–BG8: the points ledger. It listens to the services' facts, like the notifier, on the node that
 * published them and after they committed, one fact at a time; each award or reversal is appended with the balances
 * it changes in one transaction (PT1, LB1). Balances, ranks and badges all come from the ledger (PT10).
 */
export function createPointsService({ store, events, clock, ids, limits, log }: ServicePorts, options: { ranks?: RankUpdates } = {}) {
	let queue: Promise<void> = Promise.resolve();
	let weightsRead: { weights: PointWeights; at: number } | null = null;

	/** PT2: the weights, read again at most every WEIGHTS_TTL_MS (another node's change arrives within it). */
	async function currentWeights(): Promise<PointWeights> {
		const now = clock.now().getTime();
		if (weightsRead && now - weightsRead.at < WEIGHTS_TTL_MS) return weightsRead.weights;
		const weights = await readWeights();
		weightsRead = { weights, at: now };
		return weights;
	}

	async function readWeights(): Promise<PointWeights> {
		const stored = new Map((await store.points.weights()).map((row) => [row.reason, row.points]));
		return Object.fromEntries(POINT_REASONS.map((reason) => [reason, stored.get(reason) ?? DEFAULT_POINT_WEIGHTS[reason]])) as Record<PointReason, number>;
	}

	async function badgesFor(repositories: Pick<StoreRepositories, 'points'>, userId: string): Promise<BadgeLevel[]> {
		return badgesOf(badgeCountsOf(await repositories.points.badgeAggregate(userId)));
	}

	/**
	 * BG8: whether these lines could raise one of the person's badges, so the hot path (an upvote storm) reads no badge
	 * counts: reversals only lower them, answers count for none, an upvote only for a supporter's new district.
	 */
	async function mayRaiseBadge(tx: StoreRepositories, userId: string, entries: readonly LedgerEntry[]): Promise<boolean> {
		for (const entry of entries) {
			if (entry.reverses !== null || entry.reason === 'answer_received') continue;
			if (entry.reason !== 'vote_received') return true;
			if (entry.points > 0 && entry.counterpartDistrict && !(await tx.points.hasSupportFrom(userId, entry.counterpartDistrict))) return true;
		}
		return false;
	}

	/** Appends one person's lines, tells the rank index and everyone watching, and announces new badges. */
	async function record(userId: string, build: (tx: StoreRepositories, at: string) => Promise<LedgerEntry[]>): Promise<void> {
		const outcome = await store.transaction(async (tx) => {
			const person = await tx.points.person(userId);
			// PT13: the city's staff do not compete with the people they serve.
			if (!person || isStaffRole(roleSchema.catch('citizen').parse(person.role))) return null;
			const entries = await build(tx, clock.now().toISOString());
			if (entries.length === 0) return null;
			const mayRaise = await mayRaiseBadge(tx, userId, entries);
			const before = mayRaise ? await badgesFor(tx, userId) : [];
			const changes = await tx.points.append(userId, entries, person.listed);
			const reached = mayRaise ? newBadges(before, await badgesFor(tx, userId)) : [];
			return { entries, changes, reached };
		});
		if (!outcome) return;
		await tellRanks(outcome.changes);
		events.publish({ type: 'points.changed', userId, entries: outcome.entries, changes: outcome.changes });
		if (outcome.reached.length > 0) events.publish({ type: 'badge.awarded', userId, badges: outcome.reached });
	}

	async function tellRanks(changes: readonly BalanceChange[]): Promise<void> {
		if (changes.length === 0 || !options.ranks) return;
		await options.ranks.apply(changes).catch((error: unknown) => log.warn({ err: error }, 'the rank index missed a change; it rebuilds on its next read'));
	}

	function award(
		idea: IdeaPointFacts,
		userId: string,
		reason: PointReason,
		decision: { points: number; limitedBy: LedgerEntry['limitedBy'] },
		at: string,
		source: { kind: PointSourceKind; id: string },
		counterpart: { id: string; district: string | null } | null = null
	): LedgerEntry {
		return {
			id: ids.next(),
			userId,
			points: decision.points,
			reason,
			sourceKind: source.kind,
			sourceId: source.id,
			ideaId: idea.id,
			projectId: idea.projectId,
			districtSlug: idea.districtSlug,
			counterpartId: counterpart?.id ?? null,
			counterpartDistrict: counterpart?.district ?? null,
			limitedBy: decision.limitedBy,
			reverses: null,
			cause: null,
			createdAt: at
		};
	}

	const reversal = (entry: LedgerEntry, cause: ReversalCause, at: string): LedgerEntry => ({
		...entry,
		id: ids.next(),
		points: -entry.points,
		limitedBy: null,
		reverses: entry.id,
		cause,
		createdAt: at
	});

	/** PT3: an award of `reason` as capped for the person's day. */
	async function capped(tx: StoreRepositories, weights: PointWeights, userId: string, reason: PointReason, at: string, nthOnIdea?: number) {
		const awardedToday = await tx.points.earningSince(userId, reason, `${dayOf(at)}T00:00:00.000Z`, DAILY_CAPS[reason]);
		return decideAward(weights, reason, { awardedToday, nthOnIdea });
	}

	/** Gives `reason` once to each of `userIds` for an idea (a later reversal lets it be given again). */
	async function awardOnce(idea: IdeaPointFacts, userIds: readonly string[], reason: PointReason): Promise<void> {
		const weights = await currentWeights();
		for (const userId of userIds) {
			await record(userId, async (tx, at) => {
				if ((await tx.points.standingAwards({ sourceKind: 'idea', sourceId: idea.id, reason, userId })).length > 0) return [];
				return [award(idea, userId, reason, await capped(tx, weights, userId, reason, at), at, { kind: 'idea', id: idea.id })];
			});
		}
	}

	/** PT9: reverses every standing award of a source (optionally of one reason or counterpart), person by person. */
	async function reverseSource(sourceKind: PointSourceKind, sourceId: string, cause: ReversalCause, filter: { reason?: PointReason; counterpartId?: string } = {}): Promise<void> {
		const standing = await store.points.standingAwards({ sourceKind, sourceId, ...filter });
		for (const userId of new Set(standing.map((entry) => entry.userId))) {
			await record(userId, async (tx, at) => {
				const mine = await tx.points.standingAwards({ sourceKind, sourceId, userId, ...filter });
				return mine.map((entry) => reversal(entry, cause, at));
			});
		}
	}

	/** PT9: a restored source gets back what its hiding reversed, as new awards with the points first given. */
	async function restoreSource(sourceKind: PointSourceKind, sourceId: string): Promise<void> {
		// Withdrawn or deleted while hidden: nothing was left to reverse then, so nothing comes back now.
		if (!(await store.points.sourceStands(sourceKind, sourceId))) return;
		const reversed = await store.points.reversedAwards(sourceKind, sourceId, 'hidden');
		for (const userId of new Set(reversed.map((entry) => entry.userId))) {
			await record(userId, async (_tx, at) => reversed.filter((entry) => entry.userId === userId).map((entry) => ({ ...entry, id: ids.next(), createdAt: at })));
		}
	}

	async function handle(event: DomainEvent): Promise<void> {
		switch (event.type) {
			case 'idea.created': {
				const idea = await store.points.ideaFacts(event.idea.id);
				if (!idea || idea.hidden || idea.withdrawn) return;
				await awardOnce(idea, [event.idea.author.id], 'idea_posted');
				// PT7: a draft written by several people credits every one of them.
				if (idea.coAuthorCount >= 2) await awardOnce(idea, idea.authorIds, 'draft_coauthored');
				return;
			}
			case 'vote.recorded': {
				if (event.value === 1) {
					const idea = await store.points.ideaFacts(event.ideaId);
					const voter = await store.points.person(event.userId);
					if (!idea || !voter || idea.hidden || idea.withdrawn) return;
					if (!voteEarnsPoints({ voterId: event.userId, voterCreatedAt: voter.createdAt }, idea)) return;
					const weights = await currentWeights();
					for (const userId of idea.authorIds) {
						await record(userId, async (tx, at) => {
							if ((await tx.points.standingAwards({ sourceKind: 'idea', sourceId: idea.id, reason: 'vote_received', userId, counterpartId: event.userId })).length > 0) return [];
							const decision = await capped(tx, weights, userId, 'vote_received', at);
							return [award(idea, userId, 'vote_received', decision, at, { kind: 'idea', id: idea.id }, { id: event.userId, district: voter.homeDistrict })];
						});
					}
				} else {
					await reverseSource('idea', event.ideaId, 'vote_removed', { reason: 'vote_received', counterpartId: event.userId });
				}
				return;
			}
			case 'comment.created': {
				const authorId = event.comment.author?.id;
				const idea = await store.points.ideaFacts(event.ideaId);
				if (!authorId || !idea || idea.hidden || idea.withdrawn) return;
				const weights = await currentWeights();
				await record(authorId, async (tx, at) => {
					const nth = (await tx.points.commentAwardsOnIdea(authorId, idea.id)) + 1;
					const decision = await capped(tx, weights, authorId, 'comment_posted', at, nth);
					return [award(idea, authorId, 'comment_posted', decision, at, { kind: 'comment', id: event.comment.id })];
				});
				return;
			}
			case 'comment.deleted':
				await reverseSource('comment', event.commentId, 'deleted');
				return;
			case 'idea.withdrawn':
				await reverseSource('idea', event.ideaId, 'withdrawn');
				return;
			case 'idea.answered': {
				const idea = await store.points.ideaFacts(event.ideaId);
				if (!idea || idea.hidden || idea.withdrawn) return;
				await awardOnce(idea, idea.authorIds, 'answer_received');
				if (event.status === 'accepted' || event.status === 'in_progress' || event.status === 'done') await awardOnce(idea, idea.authorIds, 'idea_accepted');
				if (event.status === 'done') await awardOnce(idea, idea.authorIds, 'idea_implemented');
				// PT11: an acceptance the city takes back takes its points back.
				if (event.status === 'rejected') await reverseSource('idea', idea.id, 'answer_changed', { reason: 'idea_accepted' });
				return;
			}
			case 'moderation.decided': {
				const kind: PointSourceKind = event.targetKind === 'idea' ? 'idea' : 'comment';
				if (event.action === 'hidden') await reverseSource(kind, event.targetId, 'hidden');
				else await restoreSource(kind, event.targetId);
				return;
			}
			default:
				return;
		}
	}

	return {
		/** Takes one published fact; see the factory's note. */
		notice(event: DomainEvent): void {
			queue = queue
				.then(() => new Promise((resolve) => setImmediate(resolve)))
				.then(() => handle(event))
				.catch((error: unknown) => log.warn({ err: error, event: event.type }, 'could not record points'));
		},

		/** Resolves once every fact noticed so far is in the ledger (tests; a graceful shutdown). */
		settled(): Promise<void> {
			return queue;
		},

		/** PT2: the weights in force, as the "how points work" page publishes them. */
		weights: currentWeights,

		/** PT2/PT8: an admin sets every weight at once; later awards use them, earlier ones keep theirs. */
		async setWeights(actor: Actor, input: unknown): Promise<PointWeights> {
			const admin = requireSignedIn(actor, 'auth_sign_in_to_manage');
			if (admin.role !== 'admin') throw new DomainError('forbidden', 'points_weights_forbidden');
			const weights = parseInput(pointWeightsSchema, input) as PointWeights;
			if (!weightsKeepConstructiveFirst(weights)) throw new DomainError('invalid', 'points_weights_order');
			await limits.take('points.setWeights', limitSubjectOf(admin));
			await store.transaction((tx) => tx.points.setWeights(weights, admin.userId, clock.now().toISOString()));
			weightsRead = null;
			return weights;
		},

		/** LB2/BG3: the signed-in person's reward choices. */
		async preferences(actor: Actor): Promise<PointsPreferences> {
			const person = requireAccount(actor, 'auth_sign_in_to_rewards');
			const row = await store.points.person(person.userId);
			return { listed: row?.listed ?? true, homeDistrict: row?.homeDistrict ?? null };
		},

		/**
		 * LB2: opting out takes the person off every public board at once (they still see their own rank); BG3: the
		 * home district counts for the votes they cast from now on. A blocked account may still opt out.
		 */
		async setPreferences(actor: Actor, input: unknown): Promise<PointsPreferences> {
			const person = requireAccount(actor, 'auth_sign_in_to_rewards');
			const preferences = parseInput(pointsPreferencesSchema, input);
			if (preferences.homeDistrict !== null) {
				const districts = await store.city.listDistricts();
				if (!districts.some((district) => district.slug === preferences.homeDistrict)) throw new DomainError('invalid', 'points_district_unknown', {}, { homeDistrict: { key: 'points_district_unknown' } });
			}
			await limits.take('points.preferences', limitSubjectOf(person));
			const before = await store.points.person(person.userId);
			await store.transaction(async (tx) => {
				await tx.points.setHomeDistrict(person.userId, preferences.homeDistrict);
				await tx.pointRanks.setListed(person.userId, preferences.listed);
			});
			if (before && before.listed !== preferences.listed) {
				await options.ranks?.setListed(person.userId, preferences.listed).catch((error: unknown) => log.warn({ err: error }, 'the rank index missed an opt-out; it rebuilds on its next read'));
				events.publish({ type: 'points.listingChanged', userId: person.userId, listed: preferences.listed });
			}
			return preferences;
		},

		/** PT1: the signed-in person's all-time points (their own header shows them; 0 before any); null for a guest. */
		async ownTotal(actor: Actor): Promise<number | null> {
			if (actor.kind !== 'user') return null;
			const balances = await store.points.balancesOf(actor.userId);
			return balances.find((row) => row.board === 'all')?.points ?? 0;
		},

		/** BG1: a person's badges, from their standing awards. */
		badges: (userId: string): Promise<BadgeLevel[]> => badgesFor(store, userId),

		/**
		 * PT12/BG1: a person's points, badges and history with reasons. Someone who opted out (LB2) shows them to
		 * themselves only. History lines never name who voted.
		 */
		async profile(actor: Actor, input: unknown): Promise<PointsProfile> {
			const query = parseInput(historyQuerySchema, input);
			const user = await store.users.findById(query.userId);
			if (!user) throw new DomainError('not_found', 'points_person_not_found');
			const person = await store.points.person(user.id);
			const listed = person?.listed ?? true;
			const own = actor.kind === 'user' && actor.userId === user.id;
			const base = { userId: user.id, displayName: user.displayName, listed, own };
			if (!listed && !own) return { ...base, total: null, thisMonth: null, badges: [], history: [], nextBefore: null };
			const balances = new Map((await store.points.balancesOf(user.id)).map((row) => [row.board, row.points]));
			const month: BoardKey = `month:${clock.now().toISOString().slice(0, 7)}`;
			const records = await store.points.history(user.id, HISTORY_PAGE + 1, query.before);
			const page = records.slice(0, HISTORY_PAGE).map(toHistoryLine);
			return {
				...base,
				total: balances.get('all') ?? 0,
				thisMonth: balances.get(month) ?? 0,
				badges: await badgesFor(store, user.id),
				history: page,
				nextBefore: records.length > HISTORY_PAGE && page.length > 0 ? `${page.at(-1)!.createdAt}|${page.at(-1)!.id}` : null
			};
		},

		/** PT10: derives every balance again from the ledger, then reloads the rank index from them; returns their number. */
		async rebuild(): Promise<number> {
			await queue;
			const balances = await store.transaction((tx) => tx.points.rebuildBalances());
			await options.ranks?.rebuild();
			return balances;
		}
	};
}

export type PointsService = ReturnType<typeof createPointsService>;
