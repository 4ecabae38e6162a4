import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './schema';

/** SQLite's page cache per connection, in KiB, and the most of the file mapped into memory. */
const SQLITE_CACHE_KIB = 32 * 1024;
const SQLITE_MMAP_BYTES = 256 * 1024 * 1024;

/** The settings every SQLite connection of the app runs with; the benches open their files with the same. */
export function applySqlitePragmas(sqlite: SQLite.Database): void {
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	// A search or a filter reads thousands of scattered idea rows by rowid (B7): through a memory map and a page cache
	// of a few tens of MiB they cost a memory read each, not a system call (bench/board: about half the time).
	sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
	sqlite.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
}

export type DatabaseLocation = { readonly dialect: 'sqlite'; readonly file: string } | { readonly dialect: 'postgres'; readonly url: string };

export interface OpenDatabase {
	readonly db: Kysely<Database>;
	readonly dialect: Dialect;
	/** The SQLite connection under Kysely, for the few hot paths that run prepared statements synchronously (vote-writes.ts). */
	readonly sqlite: SQLite.Database | null;
}

/** Hears every statement sent to the database (tests count round trips with it). */
export type StatementListener = (sql: string) => void;

const PG_INT8 = 20;

/** A connection that cannot be had in this time fails the request instead of hanging it (and /healthz answers 503). */
const PG_CONNECT_TIMEOUT_MS = 5_000;
/** No statement of ours runs this long; one that does is stuck behind a lock and should fail loudly. */
const PG_STATEMENT_TIMEOUT_MS = 15_000;

/**
 * Opens Kysely on SQLite (WAL, foreign keys on) or PostgreSQL; `file: ':memory:'` gives a private in-memory SQLite.
 * `onPoolError` hears errors of idle PostgreSQL connections (a server restart), which would otherwise crash the process.
 */
export function openDatabase(
	location: DatabaseLocation,
	onPoolError: (error: Error) => void = () => {},
	onStatement?: StatementListener
): OpenDatabase {
	const log = onStatement ? { log: (event: LogEvent) => onStatement(event.query.sql) } : {};
	if (location.dialect === 'postgres') {
		const pool = new pg.Pool({
			connectionString: location.url,
			max: 10,
			connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
			statement_timeout: PG_STATEMENT_TIMEOUT_MS,
			// count(*) and bigserial arrive as int8; every such value here fits in a JS number.
			types: {
				getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
					oid === PG_INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
			}
		});
		pool.on('error', onPoolError);
		return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...log }), dialect: 'postgres', sqlite: null };
	}
	if (location.file !== ':memory:') mkdirSync(dirname(location.file), { recursive: true });
	const sqlite = new SQLite(location.file);
	applySqlitePragmas(sqlite);
	return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), ...log }), dialect: 'sqlite', sqlite };
}
