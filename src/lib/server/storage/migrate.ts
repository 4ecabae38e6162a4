import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/001-foundation';
import * as votesVersion from './migrations/002-votes-version';
import * as ideasChangedAt from './migrations/003-ideas-changed-at';
import * as contentLanguage from './migrations/005-content-language';
import * as idempotency from './migrations/004-idempotency';
import * as ideaBodyText from './migrations/006-idea-body-text';
import * as board from './migrations/007-board';
import * as ideaLifecycle from './migrations/008-idea-lifecycle';
import * as commentThreads from './migrations/009-comment-threads';
import * as ideaImages from './migrations/011-idea-images';
import * as ideaPoints from './migrations/012-idea-points';
import * as drafts from './migrations/013-drafts';
import * as documentVersions from './migrations/014-document-versions';
import * as districtPopulation from './migrations/015-district-population';
import * as documentClients from './migrations/016-document-clients';
import * as titleStems from './migrations/017-title-stems';
import * as draftPublishedCost from './migrations/018-draft-published-cost';
import * as draftWrittenInPrivate from './migrations/019-draft-written-in-private';
import * as answers from './migrations/020-answers';
import * as followsNotifications from './migrations/021-follows-notifications';
import * as statusLabels from './migrations/022-status-labels';
import * as notificationMail from './migrations/023-notification-mail';
import * as emailVerification from './migrations/030-email-verification';
import * as accountTokens from './migrations/031-account-tokens';
import * as votingNeedsVerifiedEmail from './migrations/032-voting-needs-verified-email';
import * as moderationReports from './migrations/025-moderation-reports';
import * as moderationHidden from './migrations/026-moderation-hidden';
import * as moderationAudit from './migrations/027-moderation-audit';
import * as accountBlocks from './migrations/028-account-blocks';
import * as projectSettings from './migrations/035-project-settings';
import * as topicStyle from './migrations/036-topic-style';
import * as projectFacilitators from './migrations/037-project-facilitators';
import * as staffInvitations from './migrations/038-staff-invitations';
import * as pointsLedger from './migrations/040-points-ledger';
import type { Database, Dialect } from './schema';

/** Migrations are listed here, not discovered on disk, so they work the same inside Vite's bundle and under tsx. */
function migrationsFor(dialect: Dialect): Record<string, Migration> {
	return {
		'001-foundation': { up: (db) => foundation.up(db, dialect) },
		'002-votes-version': { up: (db) => votesVersion.up(db) },
		'003-ideas-changed-at': { up: (db) => ideasChangedAt.up(db) },
		'004-idempotency': { up: (db) => idempotency.up(db) },
		'005-content-language': { up: (db) => contentLanguage.up(db) },
		'006-idea-body-text': { up: (db) => ideaBodyText.up(db) },
		'007-board': { up: (db) => board.up(db, dialect) },
		'008-idea-lifecycle': { up: (db) => ideaLifecycle.up(db) },
		'009-comment-threads': { up: (db) => commentThreads.up(db) },
		'011-idea-images': { up: (db) => ideaImages.up(db) },
		'012-idea-points': { up: (db) => ideaPoints.up(db, dialect) },
		'013-drafts': { up: (db) => drafts.up(db) },
		'014-document-versions': { up: (db) => documentVersions.up(db, dialect) },
		'015-district-population': { up: (db) => districtPopulation.up(db) },
		'016-document-clients': { up: (db) => documentClients.up(db, dialect) },
		'017-title-stems': { up: (db) => titleStems.up(db, dialect) },
		'018-draft-published-cost': { up: (db) => draftPublishedCost.up(db) },
		'019-draft-written-in-private': { up: (db) => draftWrittenInPrivate.up(db) },
		'020-answers': { up: (db) => answers.up(db) },
		'021-follows-notifications': { up: (db) => followsNotifications.up(db) },
		'022-status-labels': { up: (db) => statusLabels.up(db) },
		'023-notification-mail': { up: (db) => notificationMail.up(db) },
		'030-email-verification': { up: (db) => emailVerification.up(db) },
		'031-account-tokens': { up: (db) => accountTokens.up(db) },
		'032-voting-needs-verified-email': { up: (db) => votingNeedsVerifiedEmail.up(db) },
		'025-moderation-reports': { up: (db) => moderationReports.up(db) },
		'026-moderation-hidden': { up: (db) => moderationHidden.up(db) },
		'027-moderation-audit': { up: (db) => moderationAudit.up(db, dialect) },
		'028-account-blocks': { up: (db) => accountBlocks.up(db) },
		'035-project-settings': { up: (db) => projectSettings.up(db) },
		'036-topic-style': { up: (db) => topicStyle.up(db) },
		'037-project-facilitators': { up: (db) => projectFacilitators.up(db) },
		'038-staff-invitations': { up: (db) => staffInvitations.up(db) },
		'040-points-ledger': { up: (db) => pointsLedger.up(db, dialect) }
	};
}

/** Brings the schema up to date; Kysely's migration lock makes concurrent starts of several nodes safe. */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<void> {
	const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
	// Features land in parallel and take their numbers up front, so a database may have run a later number before an
	// earlier one arrives; each migration stands on its own, so the missing ones simply run.
	const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((result) => result.status === 'Error');
	if (error || failed) {
		const cause = error instanceof Error ? error.message : String(error ?? 'unknown error');
		throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
	}
}
