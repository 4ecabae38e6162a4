import type { Executor } from './executor';

export function documentsRepository(db: Executor) {
	return {
		async append(document: string, update: Uint8Array, createdAt: string): Promise<void> {
			await db.insertInto('document_updates').values({ document, update, created_at: createdAt }).execute();
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
		 * snapshot does not hold.
		 */
		async compact(document: string, snapshot: Uint8Array, ids: readonly number[], createdAt: string): Promise<void> {
			for (let start = 0; start < ids.length; start += 500) {
				const batch = ids.slice(start, start + 500);
				await db.deleteFrom('document_updates').where('document', '=', document).where('id', 'in', batch).execute();
			}
			await db.insertInto('document_updates').values({ document, update: snapshot, created_at: createdAt }).execute();
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
