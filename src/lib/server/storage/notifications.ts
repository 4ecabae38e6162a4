import type { Executor } from './executor';

/** N1: one fact told to one person, with what its line shows of the idea. */
export interface NotificationRecord {
	factId: string;
	userId: string;
	kind: string;
	ideaId: string;
	detail: string;
	createdAt: string;
	readAt: string | null;
}

export interface NotificationViewRecord extends NotificationRecord {
	ideaTitle: string;
	ideaLanguage: string;
	projectSlug: string;
}

/** Rows per insert: far under both dialects' bound on parameters (7 a row). */
const INSERT_BATCH = 500;

export function notificationsRepository(db: Executor) {
	return {
		/** One fact for many people; someone already told of this fact is not told twice. */
		async insertFact(fact: Omit<NotificationRecord, 'userId' | 'readAt'>, userIds: readonly string[]): Promise<void> {
			for (let start = 0; start < userIds.length; start += INSERT_BATCH) {
				const batch = userIds.slice(start, start + INSERT_BATCH);
				await db
					.insertInto('notifications')
					.values(batch.map((userId) => ({ fact_id: fact.factId, user_id: userId, kind: fact.kind, idea_id: fact.ideaId, detail: fact.detail, created_at: fact.createdAt, read_at: null })))
					.onConflict((conflict) => conflict.columns(['user_id', 'fact_id']).doNothing())
					.execute();
			}
		},
		/** A person's newest notifications, with their ideas' titles, newest first. */
		async listFor(userId: string, limit: number): Promise<NotificationViewRecord[]> {
			return db
				.selectFrom('notifications as n')
				.innerJoin('ideas as i', 'i.id', 'n.idea_id')
				.innerJoin('projects as p', 'p.id', 'i.project_id')
				.select([
					'n.fact_id as factId',
					'n.user_id as userId',
					'n.kind',
					'n.idea_id as ideaId',
					'n.detail',
					'n.created_at as createdAt',
					'n.read_at as readAt',
					'i.title as ideaTitle',
					'i.language as ideaLanguage',
					'p.slug as projectSlug'
				])
				.where('n.user_id', '=', userId)
				// MO3: a hidden idea's title is not shown again, except in the decision told to its author.
				.where((eb) => eb.or([eb('i.hidden_at', 'is', null), eb.and([eb('n.kind', '=', 'moderation'), eb('i.author_id', '=', userId)])]))
				.orderBy('n.created_at', 'desc')
				.orderBy('n.fact_id', 'desc')
				.limit(limit)
				.execute();
		},
		/** ST7: who answers for the city, told when an idea reaches its threshold. */
		async staffIds(): Promise<string[]> {
			const rows = await db.selectFrom('users').select('id').where('role', 'in', ['moderator', 'admin']).execute();
			return rows.map((row) => row.id);
		},
		/** Marks some of a person's facts (or all, with `factIds` null) read; returns how many changed. */
		async markRead(userId: string, factIds: readonly string[] | null, at: string): Promise<number> {
			let update = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
			if (factIds) update = update.where('fact_id', 'in', factIds);
			const result = await update.executeTakeFirst();
			return Number(result.numUpdatedRows);
		}
	};
}
