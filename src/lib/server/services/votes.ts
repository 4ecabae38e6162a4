import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { castVoteSchema, tallyChange, withdrawVoteSchema, type VoteResult, type VoteTally, type VoteValue } from '../../domain/votes';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';

export function createVotesService({ store, events, clock, limits }: ServicePorts) {
	/**
	 * V1–V4: one vote per citizen per idea. The idea's row is locked for the transaction, so concurrent casts on one
	 * idea apply one after another and the cached tally moves by exact deltas. V2/V5: a vote that changes nothing
	 * writes nothing and keeps the version, so every version step is a broadcast a viewer can miss. R5 limits casts and
	 * withdrawals together.
	 */
	async function setVote(actor: Actor, ideaId: string, next: VoteValue | null): Promise<VoteResult> {
		const voter = requireSignedIn(actor, 'auth_sign_in_to_vote');
		await limits.take('vote.cast', limitSubjectOf(actor));
		const { projectId, tally, changed } = await store.transaction(async (tx) => {
			const idea = await tx.ideas.lockForVote(ideaId);
			if (!idea) throw new DomainError('not_found', 'idea_not_found');
			if (idea.projectStatus !== 'open') throw new DomainError('forbidden', 'project_closed_for_votes');
			// I9/I12: a withdrawn idea and a duplicate take no votes (the duplicate's stay, and count on its original).
			if (idea.withdrawnAt !== null) throw new DomainError('conflict', 'idea_withdrawn');
			if (idea.duplicateOf !== null) throw new DomainError('conflict', 'idea_is_duplicate');
			const stored = await tx.votes.find(ideaId, voter.userId);
			const previous: VoteValue | null = stored === 1 || stored === -1 ? stored : null;
			const current = { upvotes: idea.upvotes, downvotes: idea.downvotes, commentCount: idea.commentCount, votesVersion: idea.votesVersion };
			if (previous === next) return { projectId: idea.projectId, tally: current, changed: false };
			const change = tallyChange(previous, next);
			if (next === null) await tx.votes.delete(ideaId, voter.userId);
			else await tx.votes.upsert({ ideaId, userId: voter.userId, value: next, updatedAt: clock.now().toISOString() });
			const tally = await tx.ideas.addToTally(ideaId, change.up, change.down, clock.now().toISOString());
			return { projectId: idea.projectId, tally, changed: true };
		});
		if (changed) {
			events.publish({ type: 'idea.counted', projectId, ideaId, ...tally });
			events.publish({ type: 'vote.recorded', userId: voter.userId, projectId, ideaId, value: next, votesVersion: tally.votesVersion });
		}
		return { ideaId, ...tally, myVote: next };
	}

	return {
		/** Casts or changes the actor's vote (1 up, -1 down). Casting the same value twice changes nothing (V2). */
		async cast(actor: Actor, input: unknown): Promise<VoteResult> {
			const { ideaId, value } = parseInput(castVoteSchema, input);
			return setVote(actor, ideaId, value);
		},

		/**
		 * The current counts of these ideas (V5: with their versions), and `userId`'s own vote on each when given: what
		 * the realtime layer sends again when broadcasts may have been lost (a Redis outage). Unknown ids are left out.
		 */
		async standings(ideaIds: readonly string[], userId: string | null = null): Promise<(VoteTally & { projectId: string; myVote: VoteValue | null })[]> {
			const rows = await store.ideas.voteStandings(ideaIds, userId);
			return rows.map(({ id, projectId, upvotes, downvotes, commentCount, votesVersion, myVote }) => ({
				ideaId: id,
				projectId,
				upvotes,
				downvotes,
				commentCount,
				votesVersion,
				myVote: myVote === 1 || myVote === -1 ? myVote : null
			}));
		},

		/** Removes the actor's vote, if any (V3). */
		async withdraw(actor: Actor, input: unknown): Promise<VoteResult> {
			const { ideaId } = parseInput(withdrawVoteSchema, input);
			return setVote(actor, ideaId, null);
		}
	};
}

export type VotesService = ReturnType<typeof createVotesService>;
