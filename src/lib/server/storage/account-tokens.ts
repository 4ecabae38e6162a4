import type { Executor } from './executor';

export type AccountTokenPurpose = 'verify' | 'reset';

export interface AccountTokenRecord {
	/** SHA-256 of the token the link carries. */
	id: string;
	userId: string;
	purpose: AccountTokenPurpose;
	/** The address the link was sent to. */
	email: string;
	createdAt: string;
	expiresAt: string;
	usedAt: string | null;
}

/** E3/E9: one-time links sent by e-mail. */
export function accountTokensRepository(db: Executor) {
	return {
		async insert(token: Omit<AccountTokenRecord, 'usedAt'>): Promise<void> {
			await db
				.insertInto('account_tokens')
				.values({
					id: token.id,
					user_id: token.userId,
					purpose: token.purpose,
					email: token.email,
					created_at: token.createdAt,
					expires_at: token.expiresAt
				})
				.execute();
		},
		async find(id: string): Promise<AccountTokenRecord | undefined> {
			const row = await db
				.selectFrom('account_tokens')
				.select(['id', 'user_id as userId', 'purpose', 'email', 'created_at as createdAt', 'expires_at as expiresAt', 'used_at as usedAt'])
				.where('id', '=', id)
				.executeTakeFirst();
			return row ? { ...row, purpose: row.purpose === 'reset' ? 'reset' : 'verify' } : undefined;
		},
		/**
		 * Uses a token once: marks it used if it is still unused and unexpired at `now`; returns whether this call did
		 * (of two racing uses, exactly one wins).
		 */
		async use(id: string, now: string): Promise<boolean> {
			const result = await db
				.updateTable('account_tokens')
				.set({ used_at: now })
				.where('id', '=', id)
				.where('used_at', 'is', null)
				.where('expires_at', '>', now)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		/** Every other unused link of this purpose stops working (a newer one was sent, or one was used). */
		async retireOthers(userId: string, purpose: AccountTokenPurpose, now: string, except: string | null = null): Promise<void> {
			let query = db.updateTable('account_tokens').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null);
			if (except) query = query.where('id', '!=', except);
			await query.execute();
		},
		/** Deletes links that expired before `before`; returns how many. */
		async deleteExpired(before: string): Promise<number> {
			const result = await db.deleteFrom('account_tokens').where('expires_at', '<=', before).executeTakeFirst();
			return Number(result.numDeletedRows);
		}
	};
}
