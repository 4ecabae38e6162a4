import type { Executor } from './executor';
import type { UserRecord } from './users';

export function sessionsRepository(db: Executor) {
	return {
		async insert(session: { id: string; userId: string; createdAt: string; expiresAt: string }): Promise<void> {
			await db
				.insertInto('sessions')
				.values({ id: session.id, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
				.execute();
		},
		/** The user behind a session that has not expired at `now`, with the session's expiry. */
		async findUser(sessionId: string, now: string): Promise<(Omit<UserRecord, 'passwordHash'> & { expiresAt: string; blockedAt: string | null }) | undefined> {
			return db
				.selectFrom('sessions as s')
				.innerJoin('users as u', 'u.id', 's.user_id')
				.select(['u.id', 'u.email', 'u.display_name as displayName', 'u.role', 'u.locale', 'u.created_at as createdAt', 's.expires_at as expiresAt', 'u.blocked_at as blockedAt'])
				.where('s.id', '=', sessionId)
				.where('s.expires_at', '>', now)
				.executeTakeFirst();
		},
		async delete(sessionId: string): Promise<void> {
			await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
		},
		/** E11: ends every session of a user except `keep` (the one making the change, if it is theirs); returns the ended ones' ids. */
		async deleteAllOfUser(userId: string, keep: string | null): Promise<string[]> {
			let query = db.deleteFrom('sessions').where('user_id', '=', userId);
			if (keep) query = query.where('id', '!=', keep);
			const rows = await query.returning('id').execute();
			return rows.map((row) => row.id);
		},
		async deleteExpired(now: string): Promise<number> {
			const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
			return Number(result.numDeletedRows);
		}
	};
}
