import { sql } from 'kysely';
import type { Executor } from './executor';
import type { Tally } from './ideas';

export function votesRepository(db: Executor) {
	return {
		/** Writes a vote as it is (fixtures and tests; casting goes through vote-writes.ts). */
		async upsert(vote: { ideaId: string; userId: string; value: number; updatedAt: string }): Promise<void> {
			await db
				.insertInto('votes')
				.values({ idea_id: vote.ideaId, user_id: vote.userId, value: vote.value, updated_at: vote.updatedAt })
				.onConflict((conflict) =>
					conflict.columns(['idea_id', 'user_id']).doUpdateSet({ value: vote.value, updated_at: vote.updatedAt })
				)
				.execute();
		},
		/** Recounts from the votes themselves: the ground truth the cached tally must equal. */
		async count(ideaId: string): Promise<Tally> {
			const row = await db
				.selectFrom('votes')
				.select([
					sql<number>`coalesce(sum(case when value = 1 then 1 else 0 end), 0)`.as('upvotes'),
					sql<number>`coalesce(sum(case when value = -1 then 1 else 0 end), 0)`.as('downvotes')
				])
				.where('idea_id', '=', ideaId)
				.executeTakeFirstOrThrow();
			return { upvotes: Number(row.upvotes), downvotes: Number(row.downvotes) };
		}
	};
}
