import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { approximateBrusselsDistricts, DEFAULT_TOPICS, districtsFromGeoJson, readDistrictFile } from './city-source';
import { ConfigError } from './config';
import { isCommonPassword } from './common-passwords';
import { createEventHub, type EventHub } from './events';
import { createLiveDocumentsHub, type LiveDocumentsHub } from './live-documents';
import type { Clock, RateLimits, ServicePorts } from './ports';
import { openRateLimits } from './rate-limits';
import { createRichTextSanitizer } from './rich-text';
import { createIdGenerator, createSecrets } from './secrets';
import { createAccountsService, type AccountsService } from './services/accounts';
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
import { createOpenDataService, type OpenDataService } from './services/open-data';
import { diskImageFiles, memoryImageFiles } from './files/image-files';
import { processImage } from './files/image-processing';
import { createProjectsService, type ProjectsService } from './services/projects';
import { createStaffService, type InvitationSender, type StaffService } from './services/staff';
import { createVotesService, type VotesService } from './services/votes';
import type { DatabaseLocation } from './storage/db';
import { openStore, type Store } from './storage/store';
import type { StatementListener } from './storage/db';

export interface Services {
	readonly accounts: AccountsService;
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
	readonly staff: StaffService;
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
	close(): Promise<void>;
}

const PURGE_INTERVAL_MS = 60 * 60_000;

/** AD6: the built-in demo: no CITY_NAME, or Brussels itself. */
export function isDemoCity(config: Config): boolean {
	return config.city.name === 'Brussels';
}

/**
 * AD10: the one place a staff invitation leaves Agora. The mail transport is another branch's work: the lead wires
 * this to the mail port at merge. Until then it sends nothing, and the console shows the admin the link to pass on.
 */
const sendStaffInvitation: InvitationSender = async () => {};

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
	const services: Services = {
		accounts: createAccountsService(ports, { sessionTtlHours: config.sessionTtlHours, isCommonPassword }),
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
		// AD10: until the mail port lands, invitations are only shown to the admin as a link (see sendStaffInvitation).
		staff: createStaffService(ports, { sendInvitation: options.sendInvitation ?? sendStaffInvitation })
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
		await rateLimits.close();
		await store.close();
		throw error;
	}

	const purge = setInterval(() => {
		services.accounts.purgeExpiredSessions().then(
			(count) => count > 0 && log.info({ count }, 'expired sessions deleted'),
			(error: unknown) => log.warn({ err: error }, 'could not delete expired sessions')
		);
		idempotency.purge().then(
			(count) => count > 0 && log.info({ count }, 'old idempotency keys deleted'),
			(error: unknown) => log.warn({ err: error }, 'could not delete old idempotency keys')
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
		async close() {
			clearInterval(purge);
			await rateLimits.close();
			await store.close();
		}
	};
}
