import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { limitSubjectOf } from '../../domain/limits';
import { castVoteSchema, tallyChange, withdrawVoteSchema, type VoteResult, type VoteValue } from '../../domain/votes';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';

export function createVotesService({ store, events, clock, limits }: ServicePorts) {
	/**
	 * V1–V4: one vote per citizen per idea. The idea's row is locked for the transaction, so concurrent casts on one
	 * idea apply one after another and the cached tally moves by exact deltas. R5 limits casts and withdrawals together.
	 */
	async function setVote(actor: Actor, ideaId: string, next: VoteValue | null): Promise<VoteResult> {
		const voter = requireSignedIn(actor, 'vote');
		await limits.take('vote.cast', limitSubjectOf(actor));
		const { projectId, tally, changed } = await store.transaction(async (tx) => {
			const idea = await tx.ideas.lockForVote(ideaId);
			if (!idea) throw new DomainError('not_found', 'There is no such idea.');
			if (idea.projectStatus !== 'open') throw new DomainError('forbidden', 'Voting on this project has closed.');
			const stored = await tx.votes.find(ideaId, voter.userId);
			const previous: VoteValue | null = stored === 1 || stored === -1 ? stored : null;
			const change = tallyChange(previous, next);
			if (next === null) await tx.votes.delete(ideaId, voter.userId);
			else await tx.votes.upsert({ ideaId, userId: voter.userId, value: next, updatedAt: clock.now().toISOString() });
			const tally = await tx.ideas.addToTally(ideaId, change.up, change.down);
			return { projectId: idea.projectId, tally, changed: previous !== next };
		});
		if (changed) {
			events.publish({ type: 'vote.counted', projectId, ideaId, ...tally });
			events.publish({ type: 'vote.recorded', userId: voter.userId, projectId, ideaId, value: next });
		}
		return { ideaId, ...tally, myVote: next };
	}

	return {
		/** Casts or changes the actor's vote (1 up, -1 down). Casting the same value twice changes nothing (V2). */
		async cast(actor: Actor, input: unknown): Promise<VoteResult> {
			const { ideaId, value } = parseInput(castVoteSchema, input);
			return setVote(actor, ideaId, value);
		},

		/** Removes the actor's vote, if any (V3). */
		async withdraw(actor: Actor, input: unknown): Promise<VoteResult> {
			const { ideaId } = parseInput(withdrawVoteSchema, input);
			return setVote(actor, ideaId, null);
		}
	};
}

export type VotesService = ReturnType<typeof createVotesService>;
