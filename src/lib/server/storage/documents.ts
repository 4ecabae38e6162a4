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
		}
	};
}
