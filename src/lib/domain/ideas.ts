import { z } from 'zod';
import { latLngSchema, type LatLng } from './geo';
import { personText } from './text';
import type { Role } from './actors';
import type { VoteValue } from './votes';
import type { PinList } from './board';

export const IDEA_TITLE_MIN = 8;
export const IDEA_TITLE_MAX = 120;
export const IDEA_BODY_MIN = 20;
export const IDEA_BODY_MAX = 5000;

export const IDEA_STATUSES = ['proposed', 'under_review', 'accepted', 'rejected', 'in_progress', 'done'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export const idSchema = z.string({ error: 'validation_id' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'validation_id');

/** L1: the languages content may be written in (and is marked with, as `lang`); the interface has three of them. */
export const CONTENT_LANGUAGES = ['en', 'fr', 'nl', 'de', 'es', 'it', 'pt', 'pl', 'ro', 'tr', 'ar'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];
export const contentLanguageSchema = z.enum(CONTENT_LANGUAGES, { error: 'idea_language_invalid' });

const slugSchema = (required: 'idea_topic_required' | 'idea_district_unknown') =>
	z.string({ error: required }).regex(/^[a-z0-9-]{1,60}$/, required);

/**
 * Input of `ideas.create`: the browser imports this for instant feedback, the server parses with it again (I3). The
 * place is a pin (`location`) or, without a map (no JavaScript, a screen reader, a phone in the sun), a `district`:
 * the idea then sits at the district's centre, marked approximate (I5).
 */
export const createIdeaSchema = z
	.object({
		projectId: idSchema,
		title: personText({ kind: 'line', min: IDEA_TITLE_MIN, max: IDEA_TITLE_MAX, required: 'idea_title_required' }),
		body: personText({ kind: 'multiline', min: IDEA_BODY_MIN, max: IDEA_BODY_MAX, required: 'idea_body_required' }),
		topic: slugSchema('idea_topic_required'),
		language: contentLanguageSchema.default('en'),
		location: latLngSchema.optional(),
		district: slugSchema('idea_district_unknown').optional()
	})
	.refine((input) => input.location !== undefined || input.district !== undefined, {
		path: ['location'],
		message: 'idea_location_required'
	});

export interface Idea {
	readonly id: string;
	readonly projectId: string;
	readonly title: string;
	readonly body: string;
	readonly topic: { readonly slug: string; readonly name: string };
	readonly district: { readonly slug: string; readonly name: string };
	readonly location: LatLng;
	/** I5: placed at its district's centre rather than pinned. */
	readonly locationApproximate: boolean;
	/** L1: the language it is written in. */
	readonly language: ContentLanguage;
	readonly status: IdeaStatus;
	readonly author: { readonly id: string; readonly displayName: string; readonly role: Role };
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
			.datetime({ error: 'validation_invalid' })
			.transform((text) => new Date(text))
			.refine((time) => !Number.isNaN(time.getTime()), 'validation_invalid')
			.refine((time) => time.getTime() <= now.getTime() + CHANGES_SINCE_MAX_AHEAD_MS, 'validation_invalid')
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

/**
 * What a project page renders: one page of ideas of its view with the cursor of the next (B3), the map's pins (B9), and
 * the marker from which it later asks what changed (see `IdeaChanges`).
 */
export interface IdeaSnapshot {
	readonly since: string;
	readonly ideas: IdeaView[];
	readonly next: string | null;
	readonly pins: PinList;
}
