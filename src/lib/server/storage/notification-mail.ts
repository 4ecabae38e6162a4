import { sql } from 'kysely';
import type { Executor } from './executor';

/** Who a notification e-mail goes to. */
export interface MailRecipientRecord {
	id: string;
	email: string;
	displayName: string;
	locale: string | null;
	emailVerifiedAt: string | null;
}

/** N6–N9: preferences, unsubscribe tokens, digest claims and the hourly count of instant e-mails. */
export function notificationMailRepository(db: Executor) {
	return {
		async recipients(userIds: readonly string[]): Promise<MailRecipientRecord[]> {
			if (userIds.length === 0) return [];
			return db
				.selectFrom('users')
				.select(['id', 'email', 'display_name as displayName', 'locale', 'email_verified_at as emailVerifiedAt'])
				.where('id', 'in', userIds)
				.execute();
		},
		async preferencesOf(userIds: readonly string[]): Promise<{ userId: string; kind: string; mode: string }[]> {
			if (userIds.length === 0) return [];
			return db.selectFrom('notification_preferences').select(['user_id as userId', 'kind', 'mode']).where('user_id', 'in', userIds).execute();
		},
		async setPreferences(userId: string, modes: Readonly<Record<string, string>>): Promise<void> {
			for (const [kind, mode] of Object.entries(modes)) {
				await db
					.insertInto('notification_preferences')
					.values({ user_id: userId, kind, mode })
					.onConflict((conflict) => conflict.columns(['user_id', 'kind']).doUpdateSet({ mode }))
					.execute();
			}
		},
		/** The person's unsubscribe token, made with `fresh` the first time. */
		async tokenOf(userId: string, fresh: () => string): Promise<string> {
			await db
				.insertInto('notification_mail')
				.values({ user_id: userId, unsubscribe_token: fresh(), instant_count: 0 })
				.onConflict((conflict) => conflict.column('user_id').doNothing())
				.execute();
			const row = await db.selectFrom('notification_mail').select('unsubscribe_token').where('user_id', '=', userId).executeTakeFirstOrThrow();
			return row.unsubscribe_token;
		},
		async userOfToken(token: string): Promise<string | undefined> {
			return (await db.selectFrom('notification_mail').select('user_id').where('unsubscribe_token', '=', token).executeTakeFirst())?.user_id;
		},
		/** N7: one more instant e-mail in `hour` (an ISO hour), unless `max` went already; true when it may go. */
		async takeInstant(userId: string, hour: string, max: number): Promise<boolean> {
			const result = await db
				.updateTable('notification_mail')
				.set({
					instant_count: sql<number>`case when instant_hour = ${hour} then instant_count + 1 else 1 end`,
					instant_hour: hour
				})
				.where('user_id', '=', userId)
				.where((eb) => eb.or([eb('instant_hour', 'is', null), eb('instant_hour', '!=', hour), eb('instant_count', '<', max)]))
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		/** N8: people with unread notifications newer than `since` (at most `limit`), the candidates for a digest. */
		async digestCandidates(since: string, limit: number): Promise<string[]> {
			const rows = await db
				.selectFrom('notifications')
				.select('user_id')
				.distinct()
				.where('read_at', 'is', null)
				.where('created_at', '>', since)
				.limit(limit)
				.execute();
			return rows.map((row) => row.user_id);
		},
		async lastDigestOf(userId: string): Promise<string | null> {
			return (await db.selectFrom('notification_mail').select('last_digest_at').where('user_id', '=', userId).executeTakeFirst())?.last_digest_at ?? null;
		},
		/** N8: moves the person's last digest from `previous` to `now`; false when another node moved it first. */
		async claimDigest(userId: string, previous: string | null, now: string): Promise<boolean> {
			let update = db.updateTable('notification_mail').set({ last_digest_at: now }).where('user_id', '=', userId);
			update = previous === null ? update.where('last_digest_at', 'is', null) : update.where('last_digest_at', '=', previous);
			return Number((await update.executeTakeFirst()).numUpdatedRows) === 1;
		}
	};
}
