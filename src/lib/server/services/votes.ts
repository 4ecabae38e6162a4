import { requireSignedIn, type Actor } from '../../domain/actors';
import { DomainError } from '../../domain/errors';
import { castVoteSchema, tallyChange, withdrawVoteSchema, type VoteResult, type VoteTally, type VoteValue } from '../../domain/votes';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import type { ServicePorts } from '../ports';

/** How often a cast reads again after losing a race with the same voter's concurrent cast before giving up. */
const MAX_ATTEMPTS = 20;

export function createVotesService({ store, events, clock, limits }: ServicePorts) {
	/**
	 * V1–V4: one vote per citizen per idea. A plain read comes first, so a vote that changes nothing (V2) writes and
	 * locks nothing and keeps the version (V5: every version step is a change a viewer can miss). A change is applied
	 * only if the vote still is what was read, its write and the tally's exact move committing together; when a
	 * concurrent cast of the same voter got there first, the cast reads again. R5 limits casts and withdrawals together.
	 */
	async function setVote(actor: Actor, ideaId: string, next: VoteValue | null): Promise<VoteResult> {
		const voter = requireSignedIn(actor, 'auth_sign_in_to_vote');
		await limits.take('vote.cast', limitSubjectOf(actor));
		for (let attempt = 1; ; attempt++) {
			const state = await store.voteWrites.read(ideaId, voter.userId);
			if (!state) throw new DomainError('not_found', 'idea_not_found');
			if (state.projectStatus !== 'open') throw new DomainError('forbidden', 'project_closed_for_votes');
			const previous: VoteValue | null = state.myVote === 1 || state.myVote === -1 ? state.myVote : null;
			if (previous === next) {
				const { upvotes, downvotes, commentCount, votesVersion } = state;
				return { ideaId, upvotes, downvotes, commentCount, votesVersion, myVote: next };
			}
			const change = tallyChange(previous, next);
			const tally = await store.voteWrites.apply({ ideaId, userId: voter.userId, from: previous, to: next, ...change, changedAt: clock.now().toISOString() });
			if (tally) {
				events.publish({ type: 'idea.counted', projectId: state.projectId, ideaId, ...tally });
				events.publish({ type: 'vote.recorded', userId: voter.userId, projectId: state.projectId, ideaId, value: next, votesVersion: tally.votesVersion });
				return { ideaId, ...tally, myVote: next };
			}
			// Each retry follows a cast of this voter on this idea that did commit, so only a flood of them gets here.
			if (attempt >= MAX_ATTEMPTS) throw new Error(`vote on ${ideaId} kept racing with the same voter's other casts`);
		}
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
