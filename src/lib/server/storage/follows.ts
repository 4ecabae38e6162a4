import type { Executor } from './executor';

/** FO1–FO3: who follows ideas and projects. */
export function followsRepository(db: Executor) {
	return {
		/** FO1: follows an idea unless the person already follows it or said they did not want to (FO2). */
		async followIfUnset(userIds: readonly string[], ideaId: string, at: string): Promise<void> {
			if (userIds.length === 0) return;
			await db
				.insertInto('idea_follows')
				.values(userIds.map((userId) => ({ user_id: userId, idea_id: ideaId, following: 1, changed_at: at })))
				.onConflict((conflict) => conflict.columns(['user_id', 'idea_id']).doNothing())
				.execute();
		},
		/** FO2: an explicit choice, kept over any later automatic follow. */
		async setIdea(userId: string, ideaId: string, following: boolean, at: string): Promise<void> {
			await db
				.insertInto('idea_follows')
				.values({ user_id: userId, idea_id: ideaId, following: following ? 1 : 0, changed_at: at })
				.onConflict((conflict) => conflict.columns(['user_id', 'idea_id']).doUpdateSet({ following: following ? 1 : 0, changed_at: at }))
				.execute();
		},
		async followsIdea(userId: string, ideaId: string): Promise<boolean> {
			const row = await db.selectFrom('idea_follows').select('following').where('user_id', '=', userId).where('idea_id', '=', ideaId).executeTakeFirst();
			return row?.following === 1;
		},
		/** Whether the person said they do not want to follow the idea (FO2). */
		async unfollowedIdea(userId: string, ideaId: string): Promise<boolean> {
			const row = await db.selectFrom('idea_follows').select('following').where('user_id', '=', userId).where('idea_id', '=', ideaId).executeTakeFirst();
			return row?.following === 0;
		},
		async followersOfIdea(ideaId: string): Promise<string[]> {
			const rows = await db.selectFrom('idea_follows').select('user_id').where('idea_id', '=', ideaId).where('following', '=', 1).execute();
			return rows.map((row) => row.user_id);
		},
		async setProject(userId: string, projectId: string, following: boolean, at: string): Promise<void> {
			if (!following) {
				await db.deleteFrom('project_follows').where('user_id', '=', userId).where('project_id', '=', projectId).execute();
				return;
			}
			await db
				.insertInto('project_follows')
				.values({ user_id: userId, project_id: projectId, changed_at: at })
				.onConflict((conflict) => conflict.columns(['user_id', 'project_id']).doNothing())
				.execute();
		},
		async followsProject(userId: string, projectId: string): Promise<boolean> {
			const row = await db.selectFrom('project_follows').select('user_id').where('user_id', '=', userId).where('project_id', '=', projectId).executeTakeFirst();
			return row !== undefined;
		},
		/** FO3: the project's followers, except those who unfollowed this idea (FO2 wins over the project's follow). */
		async followersOfProject(projectId: string, exceptUnfollowersOf: string): Promise<string[]> {
			const rows = await db
				.selectFrom('project_follows as f')
				.select('f.user_id')
				.where('f.project_id', '=', projectId)
				.where((eb) =>
					eb.not(
						eb.exists(
							eb
								.selectFrom('idea_follows as i')
								.select('i.user_id')
								.whereRef('i.user_id', '=', 'f.user_id')
								.where('i.idea_id', '=', exceptUnfollowersOf)
								.where('i.following', '=', 0)
						)
					)
				)
				.execute();
			return rows.map((row) => row.user_id);
		}
	};
}
