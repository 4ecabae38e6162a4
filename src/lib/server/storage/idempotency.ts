import type { Executor } from './executor';

export function idempotencyRepository(db: Executor) {
	return {
		async find(accountId: string, command: string, key: string): Promise<string | undefined> {
			const row = await db
				.selectFrom('idempotency_keys')
				.select('result')
				.where('account_id', '=', accountId)
				.where('command', '=', command)
				.where('key', '=', key)
				.executeTakeFirst();
			return row?.result;
		},
		/**
		 * Records a result unless the key was recorded already; returns whether it did. Inside a transaction on
		 * PostgreSQL, a concurrent insert of the same key waits for the first to commit, then records nothing.
		 */
		async insertIfAbsent(entry: { accountId: string; command: string; key: string; result: string; createdAt: string }): Promise<boolean> {
			const inserted = await db
				.insertInto('idempotency_keys')
				.values({ account_id: entry.accountId, command: entry.command, key: entry.key, result: entry.result, created_at: entry.createdAt })
				.onConflict((conflict) => conflict.columns(['account_id', 'command', 'key']).doNothing())
				.executeTakeFirst();
			return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
		},
		/**
		 * Replaces the stored result of every key of this account's command whose result is the entity `id` (a retry then
		 * answers what it is now): a deleted comment's words must not outlive it here.
		 */
		async replaceResultOf(accountId: string, command: string, id: string, result: string): Promise<void> {
			const rows = await db.selectFrom('idempotency_keys').select(['key', 'result']).where('account_id', '=', accountId).where('command', '=', command).execute();
			const keys = rows.filter((row) => (JSON.parse(row.result) as { id?: unknown }).id === id).map((row) => row.key);
			if (keys.length === 0) return;
			await db.updateTable('idempotency_keys').set({ result }).where('account_id', '=', accountId).where('command', '=', command).where('key', 'in', keys).execute();
		},
		async deleteOlderThan(cutoff: string): Promise<number> {
			const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
			return Number(result.numDeletedRows);
		}
	};
}
