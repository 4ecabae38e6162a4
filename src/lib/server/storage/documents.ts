import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Executor } from './executor';
import type { Database } from './schema';

/**
 * The append path on SQLite: one statement prepared once and run synchronously under Kysely's connection lock (so
 * never inside a Kysely transaction on the same connection), instead of a query built, compiled and prepared per
 * update. A loaded document under steady typing appends a row every turn of the event loop: building the query each
 * time cost about a quarter of the server's time in bench/drafts.
 */
function sqliteAppend(db: Kysely<Database>, sqlite: SQLite.Database) {
	const insert = sqlite.prepare<[string, Buffer, string]>('insert into document_updates (document, "update", created_at) values (?, ?, ?)');
	return (document: string, update: Uint8Array, createdAt: string): Promise<number> =>
		db.connection().execute(async () => Number(insert.run(document, Buffer.from(update.buffer, update.byteOffset, update.byteLength), createdAt).lastInsertRowid));
}

/** `sqlite`: the connection under `db` when `db` is the database itself (not a transaction) on SQLite, else null. */
export function documentsRepository(db: Executor, sqlite: { db: Kysely<Database>; connection: SQLite.Database } | null = null) {
	const fastAppend = sqlite ? sqliteAppend(sqlite.db, sqlite.connection) : null;
	return {
		/** Appends one update; resolves with its row id. */
		async append(document: string, update: Uint8Array, createdAt: string): Promise<number> {
			if (fastAppend) return fastAppend(document, update, createdAt);
			const row = await db.insertInto('document_updates').values({ document, update, created_at: createdAt }).returning('id').executeTakeFirstOrThrow();
			return Number(row.id);
		},
		async load(document: string): Promise<{ id: number; update: Uint8Array }[]> {
			const rows = await db
				.selectFrom('document_updates')
				.select(['id', 'update'])
				.where('document', '=', document)
				.orderBy('id')
				.execute();
			return rows.map((row) => ({ id: Number(row.id), update: new Uint8Array(row.update) }));
		},
		/**
		 * Replaces the rows `ids` by one snapshot, so loading stays fast as a document grows. Only those rows: on
		 * PostgreSQL, ids of concurrent inserts can commit out of order, so "every id up to n" could take a row the
		 * snapshot does not hold. Resolves with the snapshot's row id.
		 */
		async compact(document: string, snapshot: Uint8Array, ids: readonly number[], createdAt: string): Promise<number> {
			for (let start = 0; start < ids.length; start += 500) {
				const batch = ids.slice(start, start + 500);
				await db.deleteFrom('document_updates').where('document', '=', document).where('id', 'in', batch).execute();
			}
			const row = await db.insertInto('document_updates').values({ document, update: snapshot, created_at: createdAt }).returning('id').executeTakeFirstOrThrow();
			return Number(row.id);
		},
		/**
		 * Y16: records `userId` as the owner of each client id nobody owns yet in `document`, and answers every one's
		 * owner. First write wins, across nodes: the primary key arbitrates.
		 */
		async claimClients(document: string, clientIds: readonly number[], userId: string, createdAt: string): Promise<Map<number, string>> {
			await db
				.insertInto('document_clients')
				.values(clientIds.map((clientId) => ({ document, client_id: clientId, user_id: userId, created_at: createdAt })))
				.onConflict((conflict) => conflict.columns(['document', 'client_id']).doNothing())
				.execute();
			const rows = await db
				.selectFrom('document_clients')
				.select(['client_id', 'user_id'])
				.where('document', '=', document)
				.where('client_id', 'in', [...clientIds])
				.execute();
			return new Map(rows.map((row) => [Number(row.client_id), row.user_id]));
		},
		/** Y16: every client id of `document` and the user who owns it. */
		async clients(document: string): Promise<Map<number, string>> {
			const rows = await db.selectFrom('document_clients').select(['client_id', 'user_id']).where('document', '=', document).execute();
			return new Map(rows.map((row) => [Number(row.client_id), row.user_id]));
		}
	};
}
