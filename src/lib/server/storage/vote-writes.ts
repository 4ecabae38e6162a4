import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { StatementListener } from './db';
import type { VersionedTally } from './ideas';
import type { Database } from './schema';

/** What a cast needs to know before it writes anything: the idea, its project's status, its counts, the voter's vote. */
export interface VoteState extends VersionedTally {
	projectId: string;
	projectStatus: string;
	/** E6: 1 when the project's voting needs a verified e-mail address. */
	votingNeedsVerifiedEmail: number;
	/** E1: when the voter's address was proved (null: not yet). */
	voterVerifiedAt: string | null;
	/** AD5: 'up_down', or 'up_only' when the project takes support only. */
	projectVoteMode: string;
	/** I9/I12: withdrawn ideas and duplicates take no votes. */
	withdrawnAt: string | null;
	/** MO3: nor do hidden ones. */
	hiddenAt: string | null;
	duplicateOf: string | null;
	myVote: number | null;
}

/** A vote moving from `from` to `to` (null: no vote), with the tally moving by `up` and `down`. */
export interface VoteChange {
	from: number | null;
	to: number | null;
	up: number;
	down: number;
	changedAt: string;
}

/**
 * What the service decides from what it read: the change to make, or null when the vote changes nothing. It may
 * throw (a closed project); nothing is written then.
 */
export type VoteDecision = (state: VoteState) => VoteChange | null;

/** What a cast read, and the new counts when it changed something (null: nothing was written). */
export interface VoteOutcome {
	state: VoteState;
	tally: VersionedTally | null;
}

/**
 * The vote path in the fewest round trips each dialect allows. A cast reads first (one statement, no lock, no write),
 * so a re-cast that changes nothing stops there; a change then writes the vote and moves the tally, committing
 * together.
 * - PostgreSQL: the read, then one statement (the vote's write and the tally's update in one CTE, its own
 *   transaction). The vote's write filters on the value read, and PostgreSQL re-checks that filter on the newest row
 *   after waiting for a concurrent writer, so two racing casts of one voter cannot both count (the loser reads again);
 *   the tally moves by `x = x + delta`, which also applies to the newest row: exact under concurrency without
 *   locking the idea first.
 * - SQLite: prepared statements run synchronously under Kysely's connection lock, so nothing comes between a read and
 *   its write; the casts waiting for the connection are read, decided and written in turn, and their writes commit
 *   in one transaction (group commit), each acknowledged after that commit.
 */
export interface VoteWrites {
	/** Resolves undefined when there is no such idea. */
	cast(ideaId: string, userId: string, decide: VoteDecision): Promise<VoteOutcome | undefined>;
}

export function voteWrites(db: Kysely<Database>, sqlite: SQLite.Database | null, onStatement: StatementListener = () => {}): VoteWrites {
	return sqlite ? sqliteVoteWrites(db, sqlite, onStatement) : postgresVoteWrites(db);
}

/** How often a cast reads again after losing a race with the same voter's concurrent cast, before giving up. */
const MAX_ATTEMPTS = 20;

function postgresVoteWrites(db: Kysely<Database>): VoteWrites {
	const read = (ideaId: string, userId: string): Promise<VoteState | undefined> =>
		db
				.selectFrom('ideas as i')
				.innerJoin('projects as p', 'p.id', 'i.project_id')
				.leftJoin('votes as v', (join) => join.onRef('v.idea_id', '=', 'i.id').on('v.user_id', '=', userId))
				.leftJoin('users as u', (join) => join.on('u.id', '=', userId))
				.select(['i.project_id as projectId', 'p.status as projectStatus', 'p.vote_mode as projectVoteMode', 'p.voting_needs_verified_email as votingNeedsVerifiedEmail', 'u.email_verified_at as voterVerifiedAt', 'i.withdrawn_at as withdrawnAt', 'i.hidden_at as hiddenAt', 'i.duplicate_of as duplicateOf', 'i.upvotes', 'i.downvotes', 'i.comment_count as commentCount', 'i.votes_version as votesVersion', 'v.value as myVote'])
				.where('i.id', '=', ideaId)
				.executeTakeFirst();
	async function apply(ideaId: string, userId: string, { from, to, up, down, changedAt }: VoteChange): Promise<VersionedTally | null> {
			// The idea row is locked first and read again under the lock: a withdrawal or a duplicate mark that committed
			// after `read` leaves `open` empty, so nothing is written and the cast reads again (and is refused).
			const open = sql`select 1 from ideas where id = ${ideaId} and withdrawn_at is null and hidden_at is null and duplicate_of is null for update`;
			const write =
				to === null
					? sql`delete from votes where idea_id = ${ideaId} and user_id = ${userId} and value = ${from} and exists (select 1 from open)`
					: from === null
						? sql`insert into votes (idea_id, user_id, value, updated_at) select ${ideaId}, ${userId}, ${to}, ${changedAt} where exists (select 1 from open) on conflict (idea_id, user_id) do nothing`
						: sql`update votes set value = ${to}, updated_at = ${changedAt} where idea_id = ${ideaId} and user_id = ${userId} and value = ${from} and exists (select 1 from open)`;
			const { rows } = await sql<VersionedTally>`
				with open as (${open}), changed as (${write} returning 1)
				update ideas
				set upvotes = upvotes + ${up}, downvotes = downvotes + ${down}, votes_version = votes_version + 1, changed_at = ${changedAt}
				where id = ${ideaId} and exists (select 1 from changed)
				returning upvotes, downvotes, comment_count as "commentCount", votes_version as "votesVersion"`.execute(db);
			return rows[0] ?? null;
	}
	return {
		async cast(ideaId, userId, decide) {
			for (let attempt = 1; ; attempt++) {
				const state = await read(ideaId, userId);
				if (!state) return undefined;
				const change = decide(state);
				if (!change) return { state, tally: null };
				const tally = await apply(ideaId, userId, change);
				if (tally) return { state, tally };
				// Each lost race follows a commit of the same voter's cast on this idea: only a flood of them gets here.
				if (attempt >= MAX_ATTEMPTS) throw new Error(`a vote on ${ideaId} kept racing with the same voter's other casts`);
			}
		}
	};
}

interface Waiting {
	readonly ideaId: string;
	readonly userId: string;
	readonly decide: VoteDecision;
	readonly resolve: (outcome: VoteOutcome | undefined) => void;
	readonly reject: (error: unknown) => void;
}

function sqliteVoteWrites(db: Kysely<Database>, sqlite: SQLite.Database, onStatement: StatementListener): VoteWrites {
	const statements = {
		read: sqlite.prepare<[string, string, string], VoteState>(
			`select i.project_id as projectId, p.status as projectStatus, p.vote_mode as projectVoteMode, p.voting_needs_verified_email as votingNeedsVerifiedEmail,
				u.email_verified_at as voterVerifiedAt, i.withdrawn_at as withdrawnAt, i.hidden_at as hiddenAt, i.duplicate_of as duplicateOf,
				i.upvotes, i.downvotes, i.comment_count as commentCount,
				i.votes_version as votesVersion, v.value as myVote
			from ideas i join projects p on p.id = i.project_id left join votes v on v.idea_id = i.id and v.user_id = ?
			left join users u on u.id = ?
			where i.id = ?`
		),
		remove: sqlite.prepare<[string, string, number | null]>('delete from votes where idea_id = ? and user_id = ? and value = ?'),
		insert: sqlite.prepare<[string, string, number, string]>(
			'insert into votes (idea_id, user_id, value, updated_at) values (?, ?, ?, ?) on conflict (idea_id, user_id) do nothing'
		),
		change: sqlite.prepare<[number, string, string, string, number | null]>(
			'update votes set value = ?, updated_at = ? where idea_id = ? and user_id = ? and value = ?'
		),
		tally: sqlite.prepare<[number, number, string, string], VersionedTally>(
			`update ideas set upvotes = upvotes + ?, downvotes = downvotes + ?, votes_version = votes_version + 1, changed_at = ?
			where id = ? returning upvotes, downvotes, comment_count as commentCount, votes_version as votesVersion`
		),
		begin: sqlite.prepare('begin'),
		commit: sqlite.prepare('commit'),
		rollback: sqlite.prepare('rollback')
	};

	function write(ideaId: string, userId: string, { from, to, up, down, changedAt }: VoteChange): VersionedTally {
		onStatement('vote write');
		const written =
			to === null
				? statements.remove.run(ideaId, userId, from)
				: from === null
					? statements.insert.run(ideaId, userId, to, changedAt)
					: statements.change.run(to, changedAt, ideaId, userId, from);
		// Read and write run with nothing in between: the vote is what was read.
		if (written.changes !== 1) throw new Error(`the vote on ${ideaId} changed between its read and its write`);
		onStatement('tally update');
		const tally = statements.tally.get(up, down, changedAt, ideaId);
		if (!tally) throw new Error(`idea ${ideaId} vanished between its read and its write`);
		return tally;
	}

	type Settle = () => void;

	/**
	 * Reads, decides and writes each waiting cast in turn; the writes share one transaction, begun at the first. What
	 * the casts are told waits for the commit. A failed write rolls the whole batch back and throws.
	 */
	function runBatch(batch: readonly Waiting[]): void {
		const settle: Settle[] = [];
		let writing = false;
		try {
			for (const entry of batch) {
				onStatement('vote read');
				const state = statements.read.get(entry.userId, entry.userId, entry.ideaId);
				if (!state) {
					settle.push(() => entry.resolve(undefined));
					continue;
				}
				let change: VoteChange | null;
				try {
					change = entry.decide(state);
				} catch (error) {
					settle.push(() => entry.reject(error));
					continue;
				}
				if (!change) {
					settle.push(() => entry.resolve({ state, tally: null }));
					continue;
				}
				if (!writing) {
					onStatement('begin');
					statements.begin.run();
					writing = true;
				}
				const tally = write(entry.ideaId, entry.userId, change);
				settle.push(() => entry.resolve({ state, tally }));
			}
			if (writing) {
				onStatement('commit');
				statements.commit.run();
			}
		} catch (error) {
			if (writing && sqlite.inTransaction) statements.rollback.run();
			throw error;
		}
		for (const done of settle) done();
	}

	let waiting: Waiting[] = [];
	/** The waiting casts in one batch; if its transaction fails, each again on its own, so a bad cast fails alone. */
	function runWaiting(): void {
		const batch = waiting;
		waiting = [];
		try {
			runBatch(batch);
		} catch {
			for (const entry of batch) {
				try {
					runBatch([entry]);
				} catch (error) {
					entry.reject(error);
				}
			}
		}
	}

	return {
		cast(ideaId, userId, decide) {
			return new Promise((resolve, reject) => {
				waiting.push({ ideaId, userId, decide, resolve, reject });
				// The first cast to wait asks for Kysely's connection lock (so nothing of ours runs inside a Kysely
				// transaction on the same connection); those arriving before it is granted join its batch.
				if (waiting.length === 1) {
					db.connection()
						.execute(async () => runWaiting())
						.catch((error: unknown) => {
							for (const entry of waiting.splice(0)) entry.reject(error);
						});
				}
			});
		}
	};
}
