import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database, Dialect } from './schema';
import { migrateToLatest } from './migrate';
import { openDatabase, type DatabaseLocation, type StatementListener } from './db';
import { voteWrites, type VoteWrites } from './vote-writes';
import type { Executor } from './executor';
import { usersRepository } from './users';
import { sessionsRepository } from './sessions';
import { accountTokensRepository } from './account-tokens';
import { cityRepository } from './city';
import { projectsRepository } from './projects';
import { ideasRepository } from './ideas';
import { ideaRevisionsRepository } from './idea-revisions';
import { votesRepository } from './votes';
import { commentsRepository } from './comments';
import { documentsRepository } from './documents';
import { documentVersionsRepository } from './document-versions';
import { idempotencyRepository } from './idempotency';
import { imagesRepository } from './images';
import { geoIndexRepository } from './geo-index';
import { mapStatsRepository } from './map-stats';
import { openDataRepository } from './open-data';
import { draftsRepository } from './drafts';
import { answersRepository } from './answers';
import { followsRepository } from './follows';
import { notificationsRepository } from './notifications';
import { statusLabelsRepository } from './status-labels';
import { notificationMailRepository } from './notification-mail';
import { moderationRepository } from './moderation';
import { staffRepository } from './staff';
import { pointsRepository } from './points';
import { pointRanksRepository } from './point-ranks';

export type { UserRecord } from './users';
export type { AccountTokenPurpose, AccountTokenRecord } from './account-tokens';
export type { DistrictRecord, TopicRecord } from './city';
export type { ProjectChanges, ProjectRecord } from './projects';
export type { FacilitatorAssignmentRecord, StaffInvitationRecord, StaffMemberRecord } from './staff';
export type { IdeaChangeTarget, IdeaRecord, IdeaViewRecord, Tally, VersionedTally } from './ideas';
export type { IdeaRevisionRecord, IdeaRevisionViewRecord } from './idea-revisions';
export type { CommentRecord, CommentViewRecord, CommentForChange } from './comments';
export type { ImageRecord } from './images';
export type { DocumentVersionRecord, DocumentVersionWithSnapshot, VersionPersonRecord } from './document-versions';
export type { AuditRecord, ModerationTargetRecord, ReportRecord } from './moderation';
export type { DraftRecord, DraftAuthorRecord, DraftJoinRequestRecord } from './drafts';
export type { AnswerRecord, AnswerViewRecord, WaitingIdeaRecord, AnswerTimesRecord } from './answers';
export type { NotificationRecord, NotificationViewRecord } from './notifications';
export type { IdeaPointFacts, PointsHistoryRecord } from './points';
export type { BalanceCursor, BalanceRecord } from './point-ranks';

/**
 * One repository per aggregate, all on the same executor (the database, or one transaction). `sqlite` only with the
 * database itself on SQLite: the paths that run prepared statements synchronously must never run inside a transaction.
 */
function repositories(db: Executor, dialect: Dialect, sqlite: { db: Kysely<Database>; connection: SQLite.Database } | null = null) {
	return {
		users: usersRepository(db),
		sessions: sessionsRepository(db),
		accountTokens: accountTokensRepository(db),
		city: cityRepository(db),
		projects: projectsRepository(db),
		ideas: ideasRepository(db, dialect),
		ideaRevisions: ideaRevisionsRepository(db),
		votes: votesRepository(db),
		comments: commentsRepository(db, dialect),
		documents: documentsRepository(db, sqlite),
		documentVersions: documentVersionsRepository(db),
		idempotency: idempotencyRepository(db),
		images: imagesRepository(db),
		geoIndex: geoIndexRepository(db, dialect),
		mapStats: mapStatsRepository(db),
		openData: openDataRepository(db),
		drafts: draftsRepository(db, dialect),
		answers: answersRepository(db),
		follows: followsRepository(db),
		notifications: notificationsRepository(db),
		statusLabels: statusLabelsRepository(db),
		notificationMail: notificationMailRepository(db),
		moderation: moderationRepository(db),
		staff: staffRepository(db),
		points: pointsRepository(db, dialect),
		pointRanks: pointRanksRepository(db)
	};
}

export type StoreRepositories = ReturnType<typeof repositories>;

export interface Store extends StoreRepositories {
	readonly dialect: Dialect;
	/** The vote path: casting reads and writes here, in the fewest round trips (V1–V5). */
	readonly voteWrites: VoteWrites;
	/** Runs `work` in one database transaction; everything it writes commits or rolls back together. */
	transaction<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
	/** Throws when the database does not answer. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and returns the store. */
export async function openStore(
	location: DatabaseLocation,
	onPoolError?: (error: Error) => void,
	/** Hears every statement (tests count round trips with it). */
	onStatement?: StatementListener
): Promise<Store> {
	const { db, dialect, sqlite } = openDatabase(location, onPoolError, onStatement);
	try {
		await migrateToLatest(db, dialect);
	} catch (error) {
		await db.destroy();
		throw error;
	}
	return {
		dialect,
		...repositories(db, dialect, sqlite ? { db, connection: sqlite } : null),
		voteWrites: voteWrites(db, sqlite, onStatement),
		transaction: (work) => db.transaction().execute((trx) => work(repositories(trx, dialect))),
		async ping() {
			await sql`select 1`.execute(db);
		},
		close: () => db.destroy()
	};
}
