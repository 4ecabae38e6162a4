import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { mayReadHidden } from '../../domain/moderation';
import { limitSubjectOf } from '../../domain/limits';
import { followIdeaSchema, followProjectSchema } from '../../domain/notifications';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';

/** FO1–FO3: who follows which ideas and projects, as each person chooses. */
export function createFollowsService({ store, clock, limits }: ServicePorts) {
	return {
		/** FO2: follows or unfollows an idea; an unfollow is kept over any later automatic follow (FO1). */
		async setIdea(actor: Actor, input: unknown): Promise<{ ideaId: string; following: boolean }> {
			const person = requireSignedIn(actor, 'auth_sign_in_to_follow');
			const { ideaId, following } = parseInput(followIdeaSchema, input);
			await limits.take('follow.set', limitSubjectOf(actor));
			const idea = await store.ideas.findTitle(ideaId);
			// MO3: a hidden idea is not there for those who may not read it.
			if (!idea || (idea.hiddenAt !== null && !mayReadHidden(person, idea.authorId))) throw new DomainError('not_found', 'idea_not_found');
			await store.follows.setIdea(person.userId, ideaId, following, clock.now().toISOString());
			return { ideaId, following };
		},

		/** FO3: follows or unfollows a project: its official answers and thresholds reach the person. */
		async setProject(actor: Actor, input: unknown): Promise<{ projectId: string; following: boolean }> {
			const person = requireSignedIn(actor, 'auth_sign_in_to_follow');
			const { projectId, following } = parseInput(followProjectSchema, input);
			await limits.take('follow.set', limitSubjectOf(actor));
			if (!(await store.projects.findById(projectId))) throw new DomainError('not_found', 'project_not_found');
			await store.follows.setProject(person.userId, projectId, following, clock.now().toISOString());
			return { projectId, following };
		},

		/** Whether the actor follows the idea (false for guests). */
		async followsIdea(actor: Actor, ideaId: string): Promise<boolean> {
			return actor.kind === 'user' && store.follows.followsIdea(actor.userId, ideaId);
		},

		async followsProject(actor: Actor, projectId: string): Promise<boolean> {
			return actor.kind === 'user' && store.follows.followsProject(actor.userId, projectId);
		}
	};
}

export type FollowsService = ReturnType<typeof createFollowsService>;
