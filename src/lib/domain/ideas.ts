import { z } from 'zod';
import { latLngSchema, type LatLng } from './geo';
import type { VoteValue } from './votes';

export const IDEA_TITLE_MIN = 8;
export const IDEA_TITLE_MAX = 120;
export const IDEA_BODY_MIN = 20;
export const IDEA_BODY_MAX = 5000;

export const IDEA_STATUSES = ['proposed', 'under_review', 'accepted', 'rejected', 'in_progress', 'done'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export const idSchema = z
	.string({ error: 'An id is required.' })
	.regex(/^[A-Za-z0-9_-]{1,64}$/, 'That is not a valid id.');

/** Input of `ideas.create`: the browser imports this for instant feedback, the server parses with it again. */
export const createIdeaSchema = z.object({
	projectId: idSchema,
	title: z
		.string({ error: 'Give your idea a title.' })
		.trim()
		.min(1, 'Give your idea a title.')
		.min(IDEA_TITLE_MIN, `Use at least ${IDEA_TITLE_MIN} characters.`)
		.max(IDEA_TITLE_MAX, `Use at most ${IDEA_TITLE_MAX} characters.`),
	body: z
		.string({ error: 'Describe your idea.' })
		.trim()
		.min(1, 'Describe your idea.')
		.min(IDEA_BODY_MIN, `Use at least ${IDEA_BODY_MIN} characters.`)
		.max(IDEA_BODY_MAX, `Use at most ${IDEA_BODY_MAX} characters.`),
	topic: z
		.string({ error: 'Choose a topic.' })
		.regex(/^[a-z0-9-]{1,40}$/, 'Choose a topic.'),
	location: latLngSchema
});

export interface Idea {
	readonly id: string;
	readonly projectId: string;
	readonly title: string;
	readonly body: string;
	readonly topic: { readonly slug: string; readonly name: string };
	readonly district: { readonly slug: string; readonly name: string };
	readonly location: LatLng;
	readonly status: IdeaStatus;
	readonly author: { readonly id: string; readonly displayName: string };
	readonly upvotes: number;
	readonly downvotes: number;
	/** See VoteTally.votesVersion. */
	readonly votesVersion: number;
	readonly commentCount: number;
	readonly createdAt: string;
}

/** An idea as one viewer sees it: with that viewer's own vote, if any. */
export interface IdeaView extends Idea {
	readonly myVote: VoteValue | null;
}

export function scoreOf(idea: Pick<Idea, 'upvotes' | 'downvotes'>): number {
	return idea.upvotes - idea.downvotes;
}
