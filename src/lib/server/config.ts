import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Turns '' into undefined so an empty variable means "not set", as shells and .env files intend. */
const optional = <Schema extends z.ZodType>(schema: Schema) =>
	z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
	PORT: optional(z.coerce.number().int().min(0).max(65535)),
	HOST: optional(z.string().min(1)),
	DATA_DIR: optional(z.string().min(1)),
	DATABASE_URL: optional(
		z.url().refine((url) => /^postgres(ql)?:\/\//.test(url), 'must start with postgres:// or postgresql://')
	),
	REDIS_URL: optional(z.url().refine((url) => /^rediss?:\/\//.test(url), 'must start with redis:// or rediss://')),
	REDIS_PREFIX: optional(z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'use letters, digits, ":", "_" or "-"')),
	PUBLIC_ORIGIN: optional(
		z.url().refine((url) => new URL(url).origin === url.replace(/\/$/, ''), 'must be an origin like https://agora.example.org')
	),
	MAP_TILE_URL: optional(z.string().regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'must be an http(s) URL with {z}, {x} and {y}')),
	MAP_TILE_ATTRIBUTION: optional(z.string().max(500)),
	CITY_NAME: optional(z.string().min(1).max(100)),
	CITY_NAME_FR: optional(z.string().min(1).max(100)),
	CITY_NAME_NL: optional(z.string().min(1).max(100)),
	CITY_DISTRICTS_FILE: optional(z.string().min(1)),
	CITY_MAP_LAYERS_FILE: optional(z.string().min(1)),
	OPEN_DATA_LICENCE: optional(z.string().regex(/^[A-Za-z0-9.+-]{1,64}$/, 'must be a licence identifier such as CC-BY-4.0 (SPDX)')),
	SESSION_TTL_HOURS: optional(z.coerce.number().int().min(1).max(24 * 365)),
	ADDRESS_HEADER: optional(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name, e.g. x-forwarded-for')),
	XFF_DEPTH: optional(z.coerce.number().int().min(1).max(20)),
	LIVE_COUNTS_WINDOW_MS: optional(z.coerce.number().int().min(0).max(1000)),
	LIVE_BOARDS_WINDOW_MS: optional(z.coerce.number().int().min(0).max(5000)),
	YJS_UNLOAD_GRACE_MS: optional(z.coerce.number().int().min(0).max(3_600_000)),
	SMTP_URL: optional(z.url().refine((url) => /^smtps?:\/\//.test(url), 'must start with smtp:// or smtps://')),
	MAIL_FROM: optional(z.string().max(320).regex(/^[^\r\n]+$/, 'one line').regex(/@/, 'must contain an address, e.g. Agora <agora@example.org>')),
	LOG_LEVEL: optional(z.enum(LOG_LEVELS))
});

/** The demo city's layers, relative to the working directory the server starts in (the repository's root). */
export const DEMO_MAP_LAYERS_FILE = 'demo/map-layers/layers.json';

export interface Config {
	/** TCP port of the one HTTP server (pages, API, Socket.io, Yjs). Default 3000; 0 picks a free port. */
	readonly port: number;
	/** Interface to listen on. Default 0.0.0.0. */
	readonly host: string;
	/** Folder for the embedded SQLite database (`agora.sqlite`). Default ./data. Unused when `databaseUrl` is set. */
	readonly dataDir: string;
	/** PostgreSQL connection string; when set, PostgreSQL replaces the embedded SQLite store. */
	readonly databaseUrl: string | null;
	/** Redis connection string; when set, Socket.io fans out across processes through Redis streams. */
	readonly redisUrl: string | null;
	/** Prefix of every Redis key this deployment uses, so several deployments or test runs can share one Redis. */
	readonly redisPrefix: string;
	/**
	 * The origin people use to reach Agora. Cookies are `Secure` when it is https, and WebSocket handshakes from
	 * other origins are refused. Default http://localhost:<port>.
	 */
	readonly publicOrigin: string;
	/** True when PUBLIC_ORIGIN was set explicitly; SvelteKit then trusts it instead of the Host header. */
	readonly publicOriginExplicit: boolean;
	readonly map: {
		/** Leaflet tile URL template. Default OpenStreetMap's standard tiles. */
		readonly tileUrl: string;
		readonly tileAttribution: string;
	};
	readonly city: {
		/** Shown in the header and page titles. Default Brussels. */
		readonly name: string;
		/** L3: the name in the other interface languages (CITY_NAME_FR, CITY_NAME_NL); Bruxelles and Brussel by default. */
		readonly translations: Readonly<Partial<Record<'fr' | 'nl', string>>>;
		/**
		 * A GeoJSON FeatureCollection of the city's official districts (Polygon or MultiPolygon, `properties.name`).
		 * When absent, the built-in approximate Brussels districts are used.
		 */
		readonly districtsFile: string | null;
		/**
		 * M10: a JSON list of the city's own map layers (`[{ id, name: { en, fr?, nl? }, attribution?, file }]`, each
		 * `file` a GeoJSON FeatureCollection, relative to the list). The built-in demo city (no CITY_NAME, no
		 * CITY_DISTRICTS_FILE) uses demo/map-layers/layers.json; any other city has no layers until it names a file.
		 */
		readonly mapLayersFile: string | null;
	};
	/** M12: the licence open-data downloads carry, as an SPDX identifier (OPEN_DATA_LICENCE). Default CC-BY-4.0. */
	readonly openDataLicence: string;
	/** How long a session lasts without signing in again, in hours. Default 720 (30 days). */
	readonly sessionTtlHours: number;
	/**
	 * The request header carrying the client's address behind a reverse proxy (lower-cased, e.g. x-forwarded-for);
	 * null to use the connection's own address. adapter-node reads the same variable for pages and form actions;
	 * Socket.io reads it here, so both count a visitor under the same address for the limits.
	 */
	readonly addressHeader: string | null;
	/** With x-forwarded-for: how many proxies stand in front (the address that many entries from the right). Default 1. */
	readonly xffDepth: number;
	/**
	 * V6: an idea's counts reach watchers at most once per this many milliseconds (the newest snapshot; a quiet idea's
	 * at once). Default 50; 0 sends every change.
	 */
	readonly liveCountsWindowMs: number;
	/**
	 * LB9: a leaderboard's snapshot reaches its watchers at most once per this many milliseconds per node (the newest;
	 * a quiet board's first change at once). Default 250; 0 sends one per change.
	 */
	readonly liveBoardsWindowMs: number;
	/**
	 * Y14: how long a Yjs document stays loaded after its last connection left (a page reload, a phone switching
	 * networks), in milliseconds; its updates are stored at once all the same. Default 10,000; 0 unloads at once.
	 */
	readonly yjsUnloadGraceMs: number;
	readonly mail: {
		/**
		 * E13: the SMTP server e-mails go through (`smtp://user:pass@host:587` with STARTTLS, or `smtps://…:465`);
		 * null: every e-mail is written to the outbox (`<DATA_DIR>/outbox/`, memory with `DATA_DIR=:memory:`) and logged.
		 */
		readonly smtpUrl: string | null;
		/** The From header. Default `Agora <agora@localhost>` (set it to an address the SMTP server may send from). */
		readonly from: string;
	};
	readonly logLevel: (typeof LOG_LEVELS)[number];
}

/** Thrown when the environment is wrong; the message names every bad variable. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** Reads and validates the environment once, at start; fails fast with a message naming each wrong variable. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
		throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}\nSee docs/CONFIG.md.`);
	}
	const values = parsed.data;
	const port = values.PORT ?? 3000;
	const publicOrigin = (values.PUBLIC_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, '');
	return Object.freeze({
		port,
		host: values.HOST ?? '0.0.0.0',
		dataDir: values.DATA_DIR ?? './data',
		databaseUrl: values.DATABASE_URL ?? null,
		redisUrl: values.REDIS_URL ?? null,
		redisPrefix: values.REDIS_PREFIX ?? 'agora',
		publicOrigin,
		publicOriginExplicit: values.PUBLIC_ORIGIN !== undefined,
		map: Object.freeze({
			tileUrl: values.MAP_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
			tileAttribution:
				values.MAP_TILE_ATTRIBUTION ?? '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
		}),
		city: Object.freeze({
			name: values.CITY_NAME ?? 'Brussels',
			// The demo city's names in French and Dutch unless another city is configured.
			translations: Object.freeze({
				...((values.CITY_NAME_FR ?? (values.CITY_NAME ? undefined : 'Bruxelles')) ? { fr: values.CITY_NAME_FR ?? 'Bruxelles' } : {}),
				...((values.CITY_NAME_NL ?? (values.CITY_NAME ? undefined : 'Brussel')) ? { nl: values.CITY_NAME_NL ?? 'Brussel' } : {})
			}),
			districtsFile: values.CITY_DISTRICTS_FILE ?? null,
			mapLayersFile: values.CITY_MAP_LAYERS_FILE ?? (values.CITY_NAME || values.CITY_DISTRICTS_FILE ? null : DEMO_MAP_LAYERS_FILE)
		}),
		openDataLicence: values.OPEN_DATA_LICENCE ?? 'CC-BY-4.0',
		sessionTtlHours: values.SESSION_TTL_HOURS ?? 720,
		addressHeader: values.ADDRESS_HEADER?.toLowerCase() ?? null,
		xffDepth: values.XFF_DEPTH ?? 1,
		liveCountsWindowMs: values.LIVE_COUNTS_WINDOW_MS ?? 50,
		liveBoardsWindowMs: values.LIVE_BOARDS_WINDOW_MS ?? 250,
		yjsUnloadGraceMs: values.YJS_UNLOAD_GRACE_MS ?? 10_000,
		mail: Object.freeze({ smtpUrl: values.SMTP_URL ?? null, from: values.MAIL_FROM ?? 'Agora <agora@localhost>' }),
		logLevel: values.LOG_LEVEL ?? 'info'
	});
}

export function cookiesAreSecure(config: Config): boolean {
	return config.publicOrigin.startsWith('https://');
}
