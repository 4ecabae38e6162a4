import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Dialect } from './schema';

export type DatabaseLocation = { readonly dialect: 'sqlite'; readonly file: string } | { readonly dialect: 'postgres'; readonly url: string };

export interface OpenDatabase {
	readonly db: Kysely<Database>;
	readonly dialect: Dialect;
}

const PG_INT8 = 20;

/** Opens Kysely on SQLite (WAL, foreign keys on) or PostgreSQL; `file: ':memory:'` gives a private in-memory SQLite. */
export function openDatabase(location: DatabaseLocation): OpenDatabase {
	if (location.dialect === 'postgres') {
		const pool = new pg.Pool({
			connectionString: location.url,
			max: 10,
			// count(*) and bigserial arrive as int8; every such value here fits in a JS number.
			types: {
				getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
					oid === PG_INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
			}
		});
		return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
	}
	if (location.file !== ':memory:') mkdirSync(dirname(location.file), { recursive: true });
	const sqlite = new SQLite(location.file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite' };
}
