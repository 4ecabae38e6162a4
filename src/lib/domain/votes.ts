import { z } from 'zod';
import { idSchema } from './ideas';

export const voteValueSchema = z.union([z.literal(1), z.literal(-1)], { error: 'A vote is 1 (up) or -1 (down).' });
export type VoteValue = z.infer<typeof voteValueSchema>;

export const castVoteSchema = z.object({ ideaId: idSchema, value: voteValueSchema });

export const withdrawVoteSchema = z.object({ ideaId: idSchema });

export interface VoteTally {
	readonly ideaId: string;
	readonly upvotes: number;
	readonly downvotes: number;
	readonly commentCount: number;
	/**
	 * V5: the version of the idea's counts, which grows with every change of its votes or its comment count; of two
	 * tallies of one idea, the higher version is the newer.
	 */
	readonly votesVersion: number;
}

/** What a cast or withdrawal answers: the idea's new counts and the voter's own vote (null after withdrawing). */
export interface VoteResult extends VoteTally {
	readonly myVote: VoteValue | null;
}

/**
 * V2/V3: how an idea's counts move when one citizen's vote goes from `previous` to `next` (null = no vote).
 * Casting the same value again changes nothing.
 */
export function tallyChange(
	previous: VoteValue | null,
	next: VoteValue | null
): { readonly up: number; readonly down: number } {
	const count = (value: VoteValue | null, side: VoteValue) => (value === side ? 1 : 0);
	return { up: count(next, 1) - count(previous, 1), down: count(next, -1) - count(previous, -1) };
}
