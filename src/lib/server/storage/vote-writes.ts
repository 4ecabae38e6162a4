import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { StatementListener } from './db';
import type { VersionedTally } from './ideas';
import type { Database } from './schema';

/** What a cast needs to know before it writes anything: the idea, its project's status, its counts, the voter's vote. */
export interface VoteState extends VersionedTally {
	projectId: string;
	projectStatus: string;
	myVote: number | null;
}

/** One vote moving from `from` to `to` (null: no vote), with the tally moving by `up` and `down`. */
export interface VoteChange {
	ideaId: string;
	userId: string;
	from: number | null;
	to: number | null;
	up: number;
	down: number;
	changedAt: string;
}

/**
 * The vote path in the fewest round trips each dialect allows. A cast reads first (one statement, no lock, no write),
 * so a re-cast that changes nothing stops there. A change is then applied only if the vote still is what was read
 * (`from`): the vote's write and the tally's move commit together, or `apply` answers null and the caller reads again.
 * - PostgreSQL: one statement (the vote's write and the tally's update in one CTE, its own transaction). The vote's
 *   write filters on the old value, and PostgreSQL re-checks that filter on the newest row after waiting for a
 *   concurrent writer, so two racing casts of one voter cannot both count; the tally moves by `x = x + delta`, which
 *   also applies to the newest row: exact under concurrency without locking the idea first.
 * - SQLite: prepared statements run synchronously under Kysely's connection lock; the changes waiting for the
 *   connection commit together in one transaction (group commit), each acknowledged after that commit.
 */
export interface VoteWrites {
	read(ideaId: string, userId: string): Promise<VoteState | undefined>;
	apply(change: VoteChange): Promise<VersionedTally | null>;
}

export function voteWrites(db: Kysely<Database>, sqlite: SQLite.Database | null, onStatement: StatementListener = () => {}): VoteWrites {
	return sqlite ? sqliteVoteWrites(db, sqlite, onStatement) : postgresVoteWrites(db);
}

function postgresVoteWrites(db: Kysely<Database>): VoteWrites {
	return {
		async read(ideaId, userId) {
			return db
				.selectFrom('ideas as i')
				.innerJoin('projects as p', 'p.id', 'i.project_id')
				.leftJoin('votes as v', (join) => join.onRef('v.idea_id', '=', 'i.id').on('v.user_id', '=', userId))
				.select(['i.project_id as projectId', 'p.status as projectStatus', 'i.upvotes', 'i.downvotes', 'i.comment_count as commentCount', 'i.votes_version as votesVersion', 'v.value as myVote'])
				.where('i.id', '=', ideaId)
				.executeTakeFirst();
		},
		async apply({ ideaId, userId, from, to, up, down, changedAt }) {
			const write =
				to === null
					? sql`delete from votes where idea_id = ${ideaId} and user_id = ${userId} and value = ${from}`
					: from === null
						? sql`insert into votes (idea_id, user_id, value, updated_at) values (${ideaId}, ${userId}, ${to}, ${changedAt}) on conflict (idea_id, user_id) do nothing`
						: sql`update votes set value = ${to}, updated_at = ${changedAt} where idea_id = ${ideaId} and user_id = ${userId} and value = ${from}`;
			const { rows } = await sql<VersionedTally>`
				with changed as (${write} returning 1)
				update ideas
				set upvotes = upvotes + ${up}, downvotes = downvotes + ${down}, votes_version = votes_version + 1, changed_at = ${changedAt}
				where id = ${ideaId} and exists (select 1 from changed)
				returning upvotes, downvotes, comment_count as "commentCount", votes_version as "votesVersion"`.execute(db);
			return rows[0] ?? null;
		}
	};
}

interface Waiting {
	readonly change: VoteChange;
	readonly resolve: (tally: VersionedTally | null) => void;
	readonly reject: (error: unknown) => void;
}

function sqliteVoteWrites(db: Kysely<Database>, sqlite: SQLite.Database, onStatement: StatementListener): VoteWrites {
	const statements = {
		read: sqlite.prepare<[string, string], VoteState>(
			`select i.project_id as projectId, p.status as projectStatus, i.upvotes, i.downvotes, i.comment_count as commentCount,
				i.votes_version as votesVersion, v.value as myVote
			from ideas i join projects p on p.id = i.project_id left join votes v on v.idea_id = i.id and v.user_id = ?
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
		)
	};

	function applyOne({ ideaId, userId, from, to, up, down, changedAt }: VoteChange): VersionedTally | null {
		onStatement('vote write');
		const written =
			to === null
				? statements.remove.run(ideaId, userId, from)
				: from === null
					? statements.insert.run(ideaId, userId, to, changedAt)
					: statements.change.run(to, changedAt, ideaId, userId, from);
		if (written.changes === 0) return null;
		onStatement('tally update');
		return statements.tally.get(up, down, changedAt, ideaId) ?? null;
	}

	const applyAll = sqlite.transaction((batch: readonly Waiting[]) => batch.map(({ change }) => applyOne(change)));

	let waiting: Waiting[] = [];
	/** Runs the waiting changes in one transaction; if it fails, each on its own, so one bad change fails alone. */
	function commitWaiting(): void {
		const batch = waiting;
		waiting = [];
		try {
			onStatement('begin');
			const tallies = applyAll(batch);
			onStatement('commit');
			batch.forEach((entry, index) => entry.resolve(tallies[index]!));
		} catch {
			for (const entry of batch) {
				try {
					entry.resolve(sqlite.transaction(applyOne)(entry.change));
				} catch (error) {
					entry.reject(error);
				}
			}
		}
	}

	/** Kysely's connection lock: nothing of ours runs in the middle of a Kysely transaction on the same connection. */
	const underLock = <T>(work: () => T): Promise<T> => db.connection().execute(async () => work());

	return {
		read(ideaId, userId) {
			return underLock(() => {
				onStatement('vote read');
				return statements.read.get(userId, ideaId);
			});
		},
		apply(change) {
			return new Promise((resolve, reject) => {
				waiting.push({ change, resolve, reject });
				// The first change to wait asks for the connection; those arriving before it is granted join its commit.
				if (waiting.length === 1) underLock(commitWaiting).catch((error: unknown) => {
					for (const entry of waiting.splice(0)) entry.reject(error);
				});
			});
		}
	};
}
