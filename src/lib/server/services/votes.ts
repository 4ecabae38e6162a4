import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { castVoteSchema, tallyChange, withdrawVoteSchema, type VoteResult, type VoteTally, type VoteValue } from '../../domain/votes';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';

export function createVotesService({ store, events, clock, limits }: ServicePorts) {
	/**
	 * V1–V4: one vote per citizen per idea. The store reads first, so a vote that changes nothing (V2) writes and locks
	 * nothing and keeps the version (V5: every version step is a change a viewer can miss); a change writes the vote
	 * and moves the tally exactly, committing together (see storage/vote-writes.ts). R5 limits casts and withdrawals
	 * together.
	 */
	async function setVote(actor: Actor, ideaId: string, next: VoteValue | null): Promise<VoteResult> {
		const voter = requireSignedIn(actor, 'auth_sign_in_to_vote');
		await limits.take('vote.cast', limitSubjectOf(actor));
		const outcome = await store.voteWrites.cast(ideaId, voter.userId, (state) => {
			if (state.projectStatus !== 'open') throw new DomainError('forbidden', 'project_closed_for_votes');
			// E6: where the project asks for it, casting (not taking a vote back) needs a verified e-mail address.
			if (next !== null && Number(state.votingNeedsVerifiedEmail) === 1 && !state.voterVerifiedAt) {
				throw new DomainError('forbidden', 'verify_needed_to_vote');
			}
			// AD5: a support-only project takes no down votes (withdrawing one cast before the setting changed is fine).
			if (next === -1 && state.projectVoteMode === 'up_only') throw new DomainError('invalid', 'admin_vote_up_only');
			// I9/I12: a withdrawn idea and a duplicate take no votes (the duplicate's stay, and count on its original).
			if (state.withdrawnAt !== null) throw new DomainError('conflict', 'idea_withdrawn');
			// MO10: nor a hidden one.
			if (state.hiddenAt !== null) throw new DomainError('conflict', 'moderation_hidden_item');
			if (state.duplicateOf !== null) throw new DomainError('conflict', 'idea_is_duplicate');
			const previous: VoteValue | null = state.myVote === 1 || state.myVote === -1 ? state.myVote : null;
			if (previous === next) return null;
			return { from: previous, to: next, ...tallyChange(previous, next), changedAt: clock.now().toISOString() };
		});
		if (!outcome) throw new DomainError('not_found', 'idea_not_found');
		const { state, tally } = outcome;
		if (!tally) {
			const { upvotes, downvotes, commentCount, votesVersion } = state;
			return { ideaId, upvotes, downvotes, commentCount, votesVersion, myVote: next };
		}
		events.publish({ type: 'idea.counted', projectId: state.projectId, ideaId, ...tally });
		events.publish({ type: 'vote.recorded', userId: voter.userId, projectId: state.projectId, ideaId, value: next, votesVersion: tally.votesVersion });
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
