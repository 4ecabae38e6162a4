import { sql } from 'kysely';
import type { Dialect } from './schema';
import { migrateToLatest } from './migrate';
import { openDatabase, type DatabaseLocation } from './db';
import type { Executor } from './executor';
import { usersRepository } from './users';
import { sessionsRepository } from './sessions';
import { cityRepository } from './city';
import { projectsRepository } from './projects';
import { ideasRepository } from './ideas';
import { ideaRevisionsRepository } from './idea-revisions';
import { votesRepository } from './votes';
import { commentsRepository } from './comments';
import { documentsRepository } from './documents';
import { idempotencyRepository } from './idempotency';

export type { UserRecord } from './users';
export type { DistrictRecord, TopicRecord } from './city';
export type { ProjectRecord } from './projects';
export type { IdeaChangeTarget, IdeaRecord, IdeaViewRecord, Tally, VersionedTally } from './ideas';
export type { IdeaRevisionRecord, IdeaRevisionViewRecord } from './idea-revisions';
export type { CommentRecord } from './comments';

/** One repository per aggregate, all on the same executor (the database, or one transaction). */
function repositories(db: Executor, dialect: Dialect) {
	return {
		users: usersRepository(db),
		sessions: sessionsRepository(db),
		city: cityRepository(db),
		projects: projectsRepository(db),
		ideas: ideasRepository(db, dialect),
		ideaRevisions: ideaRevisionsRepository(db),
		votes: votesRepository(db),
		comments: commentsRepository(db),
		documents: documentsRepository(db),
		idempotency: idempotencyRepository(db)
	};
}

export type StoreRepositories = ReturnType<typeof repositories>;

export interface Store extends StoreRepositories {
	readonly dialect: Dialect;
	/** Runs `work` in one database transaction; everything it writes commits or rolls back together. */
	transaction<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
	/** Throws when the database does not answer. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and returns the store. */
export async function openStore(location: DatabaseLocation, onPoolError?: (error: Error) => void): Promise<Store> {
	const { db, dialect } = openDatabase(location, onPoolError);
	try {
		await migrateToLatest(db, dialect);
	} catch (error) {
		await db.destroy();
		throw error;
	}
	return {
		dialect,
		...repositories(db, dialect),
		transaction: (work) => db.transaction().execute((trx) => work(repositories(trx, dialect))),
		async ping() {
			await sql`select 1`.execute(db);
		},
		close: () => db.destroy()
	};
}
