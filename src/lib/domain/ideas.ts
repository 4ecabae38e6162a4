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

/**
 * A page's render marker may run ahead of the reading node's clock by this much (clock skew between nodes); a
 * `since` further in the future was not issued by any node.
 */
export const CHANGES_SINCE_MAX_AHEAD_MS = 5 * 60_000;

/**
 * Input of `ideas.changesSince`: a project and an ISO-8601 UTC time, normalised to the stored form
 * (`toISOString()`) so that times compare as text in both dialects.
 */
export function ideaChangesQuerySchema(now: Date) {
	return z.object({
		projectId: idSchema,
		since: z.iso
			.datetime({ error: 'since must be an ISO-8601 UTC time, e.g. 2026-06-01T10:00:00.000Z.' })
			.transform((text) => new Date(text))
			.refine((time) => !Number.isNaN(time.getTime()), 'since is not a real time.')
			.refine((time) => time.getTime() <= now.getTime() + CHANGES_SINCE_MAX_AHEAD_MS, 'since lies in the future.')
			.transform((time) => time.toISOString())
	});
}

/** The counts of an idea that changed, as one viewer sees them (V5: the version decides which counts are newer). */
export interface IdeaCounts {
	readonly ideaId: string;
	readonly upvotes: number;
	readonly downvotes: number;
	readonly votesVersion: number;
	readonly commentCount: number;
	readonly myVote: VoteValue | null;
}

/**
 * What changed in a project after a marker: the ideas created since (newest first), the counts of older ideas that
 * changed, and the marker to ask from next time.
 */
export interface IdeaChanges {
	readonly since: string;
	readonly ideas: readonly IdeaView[];
	readonly counts: readonly IdeaCounts[];
}

/** The ideas a page renders and the marker from which it later asks what changed (see `IdeaChanges`). */
export interface IdeaSnapshot {
	readonly since: string;
	readonly ideas: IdeaView[];
}
