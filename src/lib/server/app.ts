import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { approximateBrusselsDistricts, DEFAULT_TOPICS, districtsFromGeoJson, readDistrictFile } from './city-source';
import { ConfigError } from './config';
import { isCommonPassword } from './common-passwords';
import { createEventHub, type EventHub } from './events';
import { createLiveDocumentsHub, type LiveDocumentsHub } from './live-documents';
import type { Clock, RankIndex, RateLimits, ServicePorts } from './ports';
import { openRateLimits } from './rate-limits';
import { createRichTextSanitizer } from './rich-text';
import { createIdGenerator, createSecrets } from './secrets';
import { createAccountsService, type AccountsService } from './services/accounts';
import { createAccountEmailService, type AccountEmailService } from './services/account-email';
import { createMailTransport } from './mail/transport';
import { createMailer, type OutboxMailer } from './mail/mailer';
import { fileOutbox, memoryOutbox } from './mail/outbox';
import { passwordResetMail, staffInvitationMail, verificationMail } from './mail/templates';
import { m } from '../paraglide/messages.js';
import { inLocale } from '../domain/projects';
import { interfaceLocaleSchema } from '../domain/locales';
import { RESET_LINK_MINUTES, VERIFY_LINK_HOURS } from '../domain/account-email';
import { createCityService, type CityService } from './services/city';
import { createCommentsService, type CommentsService } from './services/comments';
import { createDocumentsService, type DocumentsService } from './services/documents';
import { createDocumentHistoryService, type DocumentHistoryService } from './services/document-history';
import { draftDocumentContent } from './document-content';
import { createDraftsService, type DraftsService } from './services/drafts';
import { draftDocuments } from './draft-document';
import { createIdempotency } from './services/idempotency';
import { createIdeasService, type IdeasService } from './services/ideas';
import { createImagesService, type ImagesService } from './services/images';
import { createMapService, type MapService } from './services/map';
import { createMapStatsService, type MapStatsService } from './services/map-stats';
import { createMapLayersService, type MapLayersService } from './services/map-layers';
import { readMapLayersFile } from './city-layers';
import { createModerationService, type ModerationService } from './services/moderation';
import { createOpenDataService, type OpenDataService } from './services/open-data';
import { diskImageFiles, memoryImageFiles } from './files/image-files';
import { processImage } from './files/image-processing';
import { createProjectsService, type ProjectsService } from './services/projects';
import { createStaffService, type InvitationSender, type StaffService } from './services/staff';
import { INVITATION_TTL_DAYS } from '../domain/admin';
import { createVotesService, type VotesService } from './services/votes';
import { createAnswersService, type AnswersService } from './services/answers';
import { createFollowsService, type FollowsService } from './services/follows';
import { createNotificationsService, type NotificationsService } from './services/notifications';
import { createStatusesService, type StatusesService } from './services/statuses';
import { createNotificationMailService, type NotificationMailService } from './services/notification-mail';
import { createPointsService, type PointsService } from './services/points';
import { digestMail, instantNotificationMail } from './mail/notification-mails';
import { createLeaderboardsService, type LeaderboardsService } from './services/leaderboards';
import { createRedisRankIndex } from './ranks/redis-rank-index';
import { createSqlRankIndex } from './ranks/sql-rank-index';
import type { DatabaseLocation } from './storage/db';
import { openStore, type Store } from './storage/store';
import type { StatementListener } from './storage/db';

export interface Services {
	readonly accounts: AccountsService;
	/** E1–E13: verification and password-reset links by e-mail. */
	readonly accountEmail: AccountEmailService;
	readonly city: CityService;
	readonly projects: ProjectsService;
	readonly ideas: IdeasService;
	readonly votes: VotesService;
	readonly comments: CommentsService;
	readonly documents: DocumentsService;
	readonly documentHistory: DocumentHistoryService;
	readonly drafts: DraftsService;
	readonly images: ImagesService;
	readonly map: MapService;
	readonly mapStats: MapStatsService;
	readonly mapLayers: MapLayersService;
	readonly openData: OpenDataService;
	readonly answers: AnswersService;
	readonly follows: FollowsService;
	readonly notifications: NotificationsService;
	readonly statuses: StatusesService;
	readonly notificationMail: NotificationMailService;
	readonly moderation: ModerationService;
	readonly staff: StaffService;
	/** PT1–PT12, BG1–BG8: the points ledger and badges. */
	readonly points: PointsService;
	/** LB1–LB10: the boards, for routes and sockets. */
	readonly leaderboards: LeaderboardsService;
}

export interface App {
	readonly config: Config;
	readonly services: Services;
	readonly events: EventHub;
	/** Server-made edits of Yjs documents (the LiveDocuments port); the Yjs rooms attach to it. */
	readonly liveDocuments: LiveDocumentsHub;
	readonly store: Store;
	readonly log: Logger;
	/** The services' clock, for the realtime layer's timers (a session's expiry). */
	readonly clock: Clock;
	/** E13: the mail transport (SMTP or the outbox only); `outbox()` lists every e-mail (tests, the operator). */
	readonly mailer: OutboxMailer;
	/** LB5/LB6: the ranks (Redis sorted sets with REDIS_URL, else SQL); the points service keeps it in step. */
	readonly rankIndex: RankIndex;
	close(): Promise<void>;
}

const PURGE_INTERVAL_MS = 60 * 60_000;
/** N8: how often a node looks for digests that are due (each person gets at most one a day). */
const DIGEST_SCAN_MS = 15 * 60_000;

/** AD6: the built-in demo: no CITY_NAME, or Brussels itself. */
export function isDemoCity(config: Config): boolean {
	return config.city.name === 'Brussels';
}

/** `DATA_DIR=:memory:` gives a private in-memory database (tests). */
export function databaseLocationOf(config: Config): DatabaseLocation {
	if (config.databaseUrl) return { dialect: 'postgres', url: config.databaseUrl };
	return { dialect: 'sqlite', file: config.dataDir === ':memory:' ? ':memory:' : join(config.dataDir, 'agora.sqlite') };
}

/**
 * THE composition root: builds the store, the event hub and every service once per process.
 * The city's districts come from CITY_DISTRICTS_FILE when set, else the built-in approximate Brussels ones are
 * installed on first start. The write limits count in Redis when REDIS_URL is set (their own connection, closed
 * by close()), else in memory; `options.limits` replaces them (operator tools).
 */
export async function createApp(
	config: Config,
	options: { log?: Logger; clock?: Clock; limits?: RateLimits; onStatement?: StatementListener; sendInvitation?: InvitationSender } = {}
): Promise<App> {
	const log = options.log ?? pino({ level: config.logLevel, base: { pid: process.pid } });
	// M10: a wrong layers file stops the start before anything opens, naming the file and the problem.
	const mapLayers = config.city.mapLayersFile ? await readMapLayersFile(config.city.mapLayersFile) : [];
	const store = await openStore(databaseLocationOf(config), (error) => log.warn({ err: error }, 'an idle database connection failed'), options.onStatement);
	const events = createEventHub(log);
	const rateLimits = options.limits
		? { limits: options.limits, close: async () => {} }
		: await openRateLimits({ redisUrl: config.redisUrl, prefix: config.redisPrefix, log: log.child({ component: 'limits' }) });
	const ports: ServicePorts = {
		store,
		events,
		clock: options.clock ?? { now: () => new Date() },
		ids: createIdGenerator(),
		secrets: createSecrets(),
		limits: rateLimits.limits,
		log
	};
	// LB6: with Redis the ranks come from sorted sets shared by every node (their own connection), else from SQL (LB5).
	const redisRanks = config.redisUrl
		? createRedisRankIndex({ url: config.redisUrl, prefix: config.redisPrefix, ranks: store.pointRanks, log: log.child({ component: 'ranks' }) })
		: null;
	const rankIndex: RankIndex = redisRanks ?? createSqlRankIndex(store.pointRanks);
	// E13: every e-mail goes into the outbox first; with SMTP_URL it is then delivered (and retried) from there.
	const mailer = createMailer({
		from: config.mail.from,
		outbox: config.dataDir === ':memory:' ? memoryOutbox() : fileOutbox(join(config.dataDir, 'outbox')),
		transport: config.mail.smtpUrl ? createMailTransport(config.mail.smtpUrl) : null,
		log: log.child({ component: 'mail' }),
		clock: ports.clock,
		ids: ports.ids
	});
	const localeFor = (locale: string) => {
		const parsed = interfaceLocaleSchema.safeParse(locale);
		return parsed.success ? parsed.data : 'en';
	};
	const cityIn = (locale: ReturnType<typeof localeFor>) => inLocale(config.city.name, config.city.translations, locale);
	const accountEmail = createAccountEmailService(ports, {
		mailer,
		mails: {
			verification: (locale, params) => verificationMail(localeFor(locale), { ...params, city: cityIn(localeFor(locale)), hours: VERIFY_LINK_HOURS }),
			passwordReset: (locale, params) => passwordResetMail(localeFor(locale), { ...params, city: cityIn(localeFor(locale)), minutes: RESET_LINK_MINUTES })
		},
		publicOrigin: config.publicOrigin,
		isCommonPassword
	});
	// AD10: in the invitee's language when they already have an account, else the interface's first.
	const sendStaffInvitation: InvitationSender = async ({ email, role, token }) => {
		const locale = localeFor((await store.users.findByEmail(email))?.locale ?? 'en');
		const link = `${config.publicOrigin}/${locale}/invitations/${token}`;
		const roleName = { citizen: m.admin_role_citizen, moderator: m.role_moderator, facilitator: m.role_facilitator, admin: m.role_admin }[role]({}, { locale });
		await mailer.send({ kind: 'invitation', to: email, locale, ...staffInvitationMail(locale, { city: cityIn(locale), role: roleName, link, days: INVITATION_TTL_DAYS }) });
	};
	const city = createCityService(ports, { cityName: config.city.name, readDistricts: districtsFromGeoJson });
	const idempotency = createIdempotency(ports);
	const imageFiles = config.dataDir === ':memory:' ? memoryImageFiles() : diskImageFiles(join(config.dataDir, 'images'));
	const images = createImagesService(ports, imageFiles, processImage);
	const ideas = createIdeasService(ports, city, idempotency, createRichTextSanitizer(), images);
	// D31: every stored update tells the history, which takes an automatic version after a stretch of editing.
	const documents = createDocumentsService(ports, { appended: (name) => documentHistory.noteActivity(name) });
	const liveDocuments = createLiveDocumentsHub(documents);
	const documentHistory = createDocumentHistoryService(ports, {
		documents,
		live: liveDocuments,
		authorsOf: (name) => documents.authorsOf(name),
		content: draftDocumentContent
	});
	const answers = createAnswersService(ports);
	const statuses = createStatusesService(ports);
	// N6–N9: notification e-mails in the recipient's language, with the city's status names.
	const notificationMail = createNotificationMailService(ports, {
		mailer,
		publicOrigin: config.publicOrigin,
		mails: {
			instant: async (locale, params) => instantNotificationMail(localeFor(locale), { ...params, city: cityIn(localeFor(locale)), labels: await statuses.labels() }),
			digest: async (locale, params) => digestMail(localeFor(locale), { ...params, city: cityIn(localeFor(locale)), labels: await statuses.labels() })
		}
	});
	const notifications = createNotificationsService(ports, answers, { mail: (userIds, item) => notificationMail.instant(userIds, item) });
	// N1/FO1/ST7: the notifier hears every fact this node's services publish, after they committed.
	const stopNotifying = events.subscribe((event) => notifications.notice(event));
	// PT1: the ledger hears the same facts, after they committed, and gives or takes back points.
	const points = createPointsService(ports, { ranks: rankIndex });
	const stopPointing = events.subscribe((event) => points.notice(event));
	const services: Services = {
		accounts: createAccountsService(ports, {
			sessionTtlHours: config.sessionTtlHours,
			isCommonPassword,
			afterSignUp: (userId, origin) => accountEmail.afterSignUp(userId, origin)
		}),
		accountEmail,
		city,
		projects: createProjectsService(ports),
		ideas,
		votes: createVotesService(ports),
		comments: createCommentsService(ports, idempotency),
		documents,
		documentHistory,
		drafts: createDraftsService(ports, ideas, draftDocuments),
		images,
		map: createMapService(ports, city),
		mapStats: createMapStatsService(ports, city),
		mapLayers: createMapLayersService(mapLayers),
		openData: createOpenDataService(ports, { licence: config.openDataLicence }),
		answers,
		follows: createFollowsService(ports),
		notifications,
		statuses,
		notificationMail,
		moderation: createModerationService(ports, idempotency),
		// AD10: the invitation goes by e-mail (the console also shows the link once, to pass on by hand).
		staff: createStaffService(ports, { sendInvitation: options.sendInvitation ?? sendStaffInvitation }),
		points,
		leaderboards: createLeaderboardsService(ports, rankIndex)
	};

	try {
		const installed = await city.get();
		// AD7: the default topics arrive with the first districts; later starts leave the admins' topics alone.
		const topics = installed.topics.length === 0 ? DEFAULT_TOPICS : [];
		if (config.city.districtsFile) {
			const districts = await readDistrictFile(config.city.districtsFile);
			await city.install({ districts, topics }).catch((error: unknown) => {
				throw new Error(`CITY_DISTRICTS_FILE: ${(error as Error).message}`, { cause: error });
			});
		} else if (installed.districts.length === 0) {
			// AD6: only the demo city gets the approximate Brussels districts; another city would silently get Brussels.
			if (!isDemoCity(config)) {
				throw new ConfigError(
					`CITY_NAME is ${JSON.stringify(config.city.name)} but CITY_DISTRICTS_FILE is not set: Agora needs your city's districts ` +
						'(a GeoJSON FeatureCollection of named polygons) to place ideas. Set CITY_DISTRICTS_FILE=/path/to/districts.geojson ' +
						'(see docs/SETUP-YOUR-CITY.md), or leave CITY_NAME unset for the Brussels demo.'
				);
			}
			await city.install({ districts: approximateBrusselsDistricts(), topics });
		}
	} catch (error) {
		stopNotifying();
		stopPointing();
		await mailer.close();
		await rateLimits.close();
		await redisRanks?.close();
		await store.close();
		throw error;
	}

	// N8: every node looks for digests due; each person's is claimed in the store, so it goes out once.
	const digests = setInterval(() => {
		notificationMail.sendDigests().then(
			(count) => count > 0 && log.info({ count }, 'notification digests sent'),
			(error: unknown) => log.warn({ err: error }, 'could not send notification digests')
		);
	}, DIGEST_SCAN_MS);
	digests.unref();

	const purge = setInterval(() => {
		services.accounts.purgeExpiredSessions().then(
			(count) => count > 0 && log.info({ count }, 'expired sessions deleted'),
			(error: unknown) => log.warn({ err: error }, 'could not delete expired sessions')
		);
		idempotency.purge().then(
			(count) => count > 0 && log.info({ count }, 'old idempotency keys deleted'),
			(error: unknown) => log.warn({ err: error }, 'could not delete old idempotency keys')
		);
		accountEmail.purgeExpiredLinks().then(
			(count) => count > 0 && log.info({ count }, 'expired e-mail links deleted'),
			(error: unknown) => log.warn({ err: error }, 'could not delete expired e-mail links')
		);
		images.purgeUnposted().then(
			(count) => count > 0 && log.info({ count }, 'unposted images deleted'),
			(error: unknown) => log.warn({ err: error }, 'could not delete unposted images')
		);
	}, PURGE_INTERVAL_MS);
	purge.unref();

	return {
		config,
		services,
		events,
		liveDocuments,
		store,
		log,
		clock: ports.clock,
		mailer,
		rankIndex,
		async close() {
			clearInterval(purge);
			clearInterval(digests);
			stopNotifying();
			stopPointing();
			await notifications.settled();
			await points.settled();
			await accountEmail.idle();
			await mailer.close();
			await rateLimits.close();
			await redisRanks?.close();
			await store.close();
		}
	};
}
