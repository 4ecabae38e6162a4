import { sql } from 'kysely';
import {
	boardsOf,
	type AwardLimit,
	type BadgeAggregate,
	type BalanceChange,
	type BoardKey,
	type LedgerEntry,
	type PointReason,
	type PointSourceKind,
	type ReversalCause
} from '../../domain/points';
import type { Executor } from './executor';
import type { Dialect, PointLedgerTable } from './schema';

/** What the ledger needs to know of an idea to give points for it (PT4, PT5, LB1). */
export interface IdeaPointFacts {
	readonly id: string;
	readonly projectId: string;
	readonly districtSlug: string;
	readonly createdAt: string;
	/** The author, then every credited co-author (D16), without repeats. */
	readonly authorIds: readonly string[];
	/** D16: how many people the idea credits as its draft's co-authors (0 when not written as a draft). */
	readonly coAuthorCount: number;
	readonly hidden: boolean;
	readonly withdrawn: boolean;
}

/** A ledger line with what a person's history shows beside it. */
export interface PointsHistoryRecord extends LedgerEntry {
	readonly ideaTitle: string | null;
	readonly ideaLanguage: string | null;
	readonly projectSlug: string | null;
	readonly reversedCause: string | null;
	readonly reversedAt: string | null;
}

const toEntry = (row: PointLedgerTable): LedgerEntry => ({
	id: row.id,
	userId: row.user_id,
	points: Number(row.points),
	reason: row.reason as PointReason,
	sourceKind: row.source_kind as PointSourceKind,
	sourceId: row.source_id,
	ideaId: row.idea_id,
	projectId: row.project_id,
	districtSlug: row.district_slug,
	counterpartId: row.counterpart_id,
	counterpartDistrict: row.counterpart_district,
	limitedBy: row.limited_by as AwardLimit,
	reverses: row.reverses,
	cause: row.cause as ReversalCause | null,
	createdAt: row.created_at
});

const toRow = (entry: LedgerEntry): PointLedgerTable => ({
	id: entry.id,
	user_id: entry.userId,
	points: entry.points,
	reason: entry.reason,
	source_kind: entry.sourceKind,
	source_id: entry.sourceId,
	idea_id: entry.ideaId,
	project_id: entry.projectId,
	district_slug: entry.districtSlug,
	counterpart_id: entry.counterpartId,
	counterpart_district: entry.counterpartDistrict,
	limited_by: entry.limitedBy,
	reverses: entry.reverses,
	cause: entry.cause,
	created_at: entry.createdAt
});

/** PT1/PT10/LB1: the append-only points ledger and the balances derived from it. */
export function pointsRepository(db: Executor, dialect: Dialect) {
	/** Awards not reversed yet (`reverses` of a later row names them). */
	const standing = () =>
		db
			.selectFrom('point_ledger as l')
			.where('l.reverses', 'is', null)
			.where(({ not, exists, selectFrom }) => not(exists(selectFrom('point_ledger as r').select('r.id').whereRef('r.reverses', '=', 'l.id'))));

	return {
		async ideaFacts(ideaId: string): Promise<IdeaPointFacts | undefined> {
			const idea = await db
				.selectFrom('ideas as i')
				.innerJoin('districts as d', 'd.id', 'i.district_id')
				.select(['i.id', 'i.project_id', 'd.slug', 'i.created_at', 'i.author_id', 'i.hidden_at', 'i.withdrawn_at'])
				.where('i.id', '=', ideaId)
				.executeTakeFirst();
			if (!idea) return undefined;
			const coAuthors = await db.selectFrom('idea_authors').select('user_id').where('idea_id', '=', ideaId).orderBy('position').execute();
			return {
				id: idea.id,
				projectId: idea.project_id,
				districtSlug: idea.slug,
				createdAt: idea.created_at,
				authorIds: [...new Set([idea.author_id, ...coAuthors.map((row) => row.user_id)])],
				coAuthorCount: coAuthors.length,
				hidden: idea.hidden_at !== null,
				withdrawn: idea.withdrawn_at !== null
			};
		},

		async person(userId: string): Promise<{ createdAt: string; listed: boolean; homeDistrict: string | null; role: string } | undefined> {
			const row = await db.selectFrom('users').select(['created_at', 'points_listed', 'home_district', 'role']).where('id', '=', userId).executeTakeFirst();
			return row && { createdAt: row.created_at, listed: Number(row.points_listed) === 1, homeDistrict: row.home_district, role: row.role };
		},

		/**
		 * PT3: standing awards of `reason` that earned points for the person since `since`, counted up to `upTo` (the
		 * cap). Reversed ones do not count: an upvote flipped on and off cannot use up an author's day.
		 */
		async earningSince(userId: string, reason: PointReason, since: string, upTo: number): Promise<number> {
			const earning = standing()
				.select('l.id')
				.where('l.user_id', '=', userId)
				.where('l.reason', '=', reason)
				.where('l.created_at', '>=', since)
				.where('l.points', '>', 0)
				.limit(upTo);
			const row = await db
				.selectFrom(earning.as('e'))
				.select(({ fn }) => fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow();
			return Number(row.n);
		},

		/** BG3: whether a standing upvote from someone living in `district` already earned the person points. */
		async hasSupportFrom(userId: string, district: string): Promise<boolean> {
			const row = await standing()
				.select('l.id')
				.where('l.user_id', '=', userId)
				.where('l.counterpart_district', '=', district)
				.where('l.reason', '=', 'vote_received')
				.limit(1)
				.executeTakeFirst();
			return row !== undefined;
		},

		/** PT6: the person's comment awards on one idea so far (reversed ones too: deleting does not reset the count). */
		async commentAwardsOnIdea(userId: string, ideaId: string): Promise<number> {
			const row = await db
				.selectFrom('point_ledger')
				.select(({ fn }) => fn.countAll<number>().as('n'))
				.where('user_id', '=', userId)
				.where('idea_id', '=', ideaId)
				.where('reason', '=', 'comment_posted')
				.where('reverses', 'is', null)
				.executeTakeFirstOrThrow();
			return Number(row.n);
		},

		/** Standing awards of a source, optionally of one reason, person or counterpart. */
		async standingAwards(filter: { sourceKind: PointSourceKind; sourceId: string; reason?: PointReason; userId?: string; counterpartId?: string }): Promise<LedgerEntry[]> {
			let query = standing().selectAll('l').where('l.source_kind', '=', filter.sourceKind).where('l.source_id', '=', filter.sourceId);
			if (filter.reason) query = query.where('l.reason', '=', filter.reason);
			if (filter.userId) query = query.where('l.user_id', '=', filter.userId);
			if (filter.counterpartId) query = query.where('l.counterpart_id', '=', filter.counterpartId);
			return (await query.orderBy('l.created_at').orderBy('l.id').execute()).map(toEntry);
		},

		/**
		 * PT9: the awards of a source that its latest reversal for `cause` took back, person by person (one person's
		 * reversals of one hiding share their time): what a restore gives back, once however often it was hidden.
		 */
		async reversedAwards(sourceKind: PointSourceKind, sourceId: string, cause: ReversalCause): Promise<LedgerEntry[]> {
			const rows = await db
				.selectFrom('point_ledger as a')
				.innerJoin('point_ledger as r', 'r.reverses', 'a.id')
				.selectAll('a')
				.where('a.source_kind', '=', sourceKind)
				.where('a.source_id', '=', sourceId)
				.where('r.cause', '=', cause)
				.where('r.created_at', '=', (eb) =>
					eb
						.selectFrom('point_ledger as m')
						.select(({ fn }) => fn.max('m.created_at').as('at'))
						.where('m.source_kind', '=', sourceKind)
						.where('m.source_id', '=', sourceId)
						.where('m.cause', '=', cause)
						.whereRef('m.user_id', '=', 'a.user_id')
				)
				.orderBy('a.created_at')
				.orderBy('a.id')
				.execute();
			return rows.map(toEntry);
		},

		/**
		 * PT1/LB1: appends lines of one person and adds them to their balance on every board each counts on, in the
		 * caller's transaction; returns the new totals.
		 */
		async append(userId: string, entries: readonly LedgerEntry[], listed: boolean): Promise<BalanceChange[]> {
			if (entries.length === 0) return [];
			await db.insertInto('point_ledger').values(entries.map(toRow)).execute();
			const deltas = new Map<BoardKey, { delta: number; at: string }>();
			for (const entry of entries) {
				if (entry.points === 0) continue;
				for (const board of boardsOf(entry)) {
					const current = deltas.get(board);
					deltas.set(board, { delta: (current?.delta ?? 0) + entry.points, at: current && current.at > entry.createdAt ? current.at : entry.createdAt });
				}
			}
			const moved = [...deltas].filter(([, { delta }]) => delta !== 0);
			if (moved.length === 0) return [];
			// One statement for every board the lines count on: each row adds its delta to what is there.
			const rows = await db
				.insertInto('point_balances')
				.values(moved.map(([board, { delta, at }]) => ({ board, user_id: userId, points: delta, reached_at: at, listed: listed ? 1 : 0 })))
				.onConflict((conflict) =>
					conflict.columns(['board', 'user_id']).doUpdateSet({ points: sql`point_balances.points + excluded.points`, reached_at: sql`excluded.reached_at` })
				)
				.returning(['board', 'points'])
				.execute();
			const totals = new Map(rows.map((row) => [row.board, Number(row.points)]));
			const emptied = moved.filter(([board]) => totals.get(board) === 0).map(([board]) => board);
			// A board lists people with points: one whose points went back to none leaves it, as a rebuild would have it.
			if (emptied.length > 0) await db.deleteFrom('point_balances').where('user_id', '=', userId).where('board', 'in', emptied).execute();
			return moved.map(([board, { delta, at }]) => ({ board, userId, points: totals.get(board) ?? 0, delta, reachedAt: at, listed }));
		},

		/** A person's totals on every board they have points on. */
		async balancesOf(userId: string): Promise<{ board: BoardKey; points: number }[]> {
			const rows = await db.selectFrom('point_balances').select(['board', 'points']).where('user_id', '=', userId).execute();
			return rows.map((row) => ({ board: row.board as BoardKey, points: Number(row.points) }));
		},

		/** PT9: whether a source still stands: its idea (or the comment's) neither withdrawn nor deleted. */
		async sourceStands(sourceKind: PointSourceKind, sourceId: string): Promise<boolean> {
			if (sourceKind === 'idea') {
				const idea = await db.selectFrom('ideas').select('withdrawn_at').where('id', '=', sourceId).executeTakeFirst();
				return idea !== undefined && idea.withdrawn_at === null;
			}
			const comment = await db.selectFrom('comments').select('deleted_at').where('id', '=', sourceId).executeTakeFirst();
			return comment !== undefined && comment.deleted_at === null;
		},

		/** BG3: the district a person says they live in (the listing, LB2, is the rank storage's `setListed`). */
		async setHomeDistrict(userId: string, homeDistrict: string | null): Promise<void> {
			await db.updateTable('users').set({ home_district: homeDistrict }).where('id', '=', userId).execute();
		},

		/** BG1: what the person's standing awards say, counted by the database. */
		async badgeAggregate(userId: string): Promise<BadgeAggregate> {
			const rows = await standing()
				.where('l.user_id', '=', userId)
				.select(['l.reason', ({ fn }) => fn.countAll<number>().as('standing'), sql<number>`sum(case when l.points > 0 then 1 else 0 end)`.as('earning')])
				.groupBy('l.reason')
				.execute();
			const districts = await standing()
				.where('l.user_id', '=', userId)
				.where('l.reason', '=', 'vote_received')
				.where('l.counterpart_district', 'is not', null)
				.select(({ fn }) => fn.count<number>('l.counterpart_district').distinct().as('n'))
				.executeTakeFirstOrThrow();
			return {
				byReason: new Map(rows.map((row) => [row.reason as PointReason, { standing: Number(row.standing), earning: Number(row.earning) }])),
				supporterDistricts: Number(districts.n)
			};
		},

		/** PT12: a person's ledger, newest first, with what each line is about as far as the viewer may read it. */
		async history(userId: string, limit: number, before: { createdAt: string; id: string } | null): Promise<PointsHistoryRecord[]> {
			let query = db
				.selectFrom('point_ledger as l')
				.leftJoin('ideas as i', 'i.id', 'l.idea_id')
				.leftJoin('projects as p', 'p.id', 'l.project_id')
				.leftJoin('point_ledger as r', 'r.reverses', 'l.id')
				.selectAll('l')
				.select([
					sql<string | null>`case when i.hidden_at is null then i.title else null end`.as('idea_title'),
					'i.language as idea_language',
					'p.slug as project_slug',
					'r.cause as reversed_cause',
					'r.created_at as reversed_at'
				])
				.where('l.user_id', '=', userId);
			if (before) {
				query = query.where((eb) =>
					eb.or([eb('l.created_at', '<', before.createdAt), eb.and([eb('l.created_at', '=', before.createdAt), eb('l.id', '<', before.id)])])
				);
			}
			const rows = await query.orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').limit(limit).execute();
			return rows.map((row) => ({
				...toEntry(row),
				ideaTitle: row.idea_title,
				ideaLanguage: row.idea_language,
				projectSlug: row.project_slug,
				reversedCause: row.reversed_cause,
				reversedAt: row.reversed_at
			}));
		},

		async weights(): Promise<{ reason: string; points: number }[]> {
			const rows = await db.selectFrom('point_weights').select(['reason', 'points']).execute();
			return rows.map((row) => ({ reason: row.reason, points: Number(row.points) }));
		},

		async setWeights(weights: Readonly<Record<PointReason, number>>, by: string, at: string): Promise<void> {
			for (const [reason, points] of Object.entries(weights)) {
				await db
					.insertInto('point_weights')
					.values({ reason, points, updated_at: at, updated_by: by })
					.onConflict((conflict) => conflict.column('reason').doUpdateSet({ points, updated_at: at, updated_by: by }))
					.execute();
			}
		},

		/**
		 * PT10: forgets every balance and derives them again from the ledger, one board family at a time, in one
		 * statement each (the database does the sums); returns how many balances there are. Run it in a transaction.
		 */
		async rebuildBalances(): Promise<number> {
			// Millions of ledger lines take minutes to sum: the pool's statement time-out is for requests, not this.
			if (dialect === 'postgres') await sql`set local statement_timeout = 0`.execute(db);
			await db.deleteFrom('point_balances').execute();
			// `group` is what the board depends on besides the person (PostgreSQL refuses a constant in GROUP BY).
			const families = [
				{ board: sql<string>`'all'`, group: sql`l.user_id`, where: sql`true` },
				{ board: sql<string>`'month:' || substr(l.created_at, 1, 7)`, group: sql`substr(l.created_at, 1, 7), l.user_id`, where: sql`true` },
				{ board: sql<string>`'project:' || l.project_id`, group: sql`l.project_id, l.user_id`, where: sql`l.project_id is not null` },
				{ board: sql<string>`'district:' || l.district_slug`, group: sql`l.district_slug, l.user_id`, where: sql`l.district_slug is not null` }
			];
			for (const { board, group, where } of families) {
				await sql`
					insert into point_balances (board, user_id, points, reached_at, listed)
					select ${board}, l.user_id, sum(l.points), max(case when l.points <> 0 then l.created_at end), max(u.points_listed)
					from point_ledger l join users u on u.id = l.user_id
					where ${where}
					group by ${group}
					having sum(l.points) <> 0`.execute(db);
			}
			const row = await db.selectFrom('point_balances').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
			return Number(row.n);
		},

		/** Every balance, for the rebuild test and the rank index's reload (ordered, so pages are stable). */
		async allBalances(): Promise<{ board: string; userId: string; points: number; reachedAt: string; listed: boolean }[]> {
			const rows = await db.selectFrom('point_balances').selectAll().orderBy('board').orderBy('user_id').execute();
			return rows.map((row) => ({ board: row.board, userId: row.user_id, points: Number(row.points), reachedAt: row.reached_at, listed: Number(row.listed) === 1 }));
		}
	};
}
