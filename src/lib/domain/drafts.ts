import { z } from 'zod';
import type { Actor, Role } from './actors';
import { BOARD_QUERY_MAX } from './board';
import type { DocumentAccess } from './documents';
import { latLngSchema, type LatLng } from './geo';
import { contentLanguageSchema, idSchema, IDEA_TITLE_MAX } from './ideas';
import { personText } from './text';

/**
 * Drafts (D1–D29 in RULES.md): a proposal co-written live before it becomes an idea. Its text lives in the Yjs
 * document `draft:<id>` (fragment `body`, map `fields`); the store keeps who may do what with it and a copy of its
 * fields for lists.
 */

export const DRAFT_TITLE_MIN = 3;
export const DRAFT_SUMMARY_MAX = 500;
/** D2: estimated cost in whole euros, at most a hundred million (a city's whole yearly participatory budget ×100). */
export const DRAFT_COST_MAX = 100_000_000;
export const DRAFT_JOIN_MESSAGE_MAX = 300;
/** D8: how long a share link may live, in hours; a week unless the co-author chooses. */
export const DRAFT_LINK_HOURS = { min: 1, max: 30 * 24, default: 7 * 24 } as const;

export const DRAFT_VISIBILITIES = ['private', 'public'] as const;
export type DraftVisibility = (typeof DRAFT_VISIBILITIES)[number];
export const DRAFT_STATUSES = ['open', 'published'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/** The names inside the Yjs document (contracts.md). */
export const DRAFT_BODY_FIELD = 'body';
export const DRAFT_FIELDS_MAP = 'fields';

/** What the map `fields` of a draft's document holds (contracts.md). */
export interface DraftFields {
	readonly title: string;
	readonly summary: string;
	/** Whole euros. */
	readonly cost: number | null;
	/** A topic slug. */
	readonly topic: string | null;
	readonly location: LatLng | null;
}

const topicSlugSchema = z.string({ error: 'idea_topic_unknown' }).regex(/^[a-z0-9-]{1,60}$/, 'idea_topic_unknown');
const draftTitleSchema = personText({ kind: 'line', min: DRAFT_TITLE_MIN, max: IDEA_TITLE_MAX, required: 'idea_title_required' });
const draftSummarySchema = personText({ kind: 'multiline', min: 0, max: DRAFT_SUMMARY_MAX, required: 'validation_invalid' });
const costSchema = z
	.number({ error: 'draft_cost_invalid' })
	.int('draft_cost_invalid')
	.min(0, 'draft_cost_invalid')
	.max(DRAFT_COST_MAX, 'draft_cost_invalid');

/** An empty optional text from a form means "none". */
const optionalSummary = z.union([z.literal(''), draftSummarySchema]).default('');

/** D1/D2: input of `drafts.create`. */
export const createDraftSchema = z.object({
	projectId: idSchema,
	title: draftTitleSchema,
	summary: optionalSummary,
	topic: topicSlugSchema.nullable().default(null),
	location: latLngSchema.nullable().default(null),
	cost: costSchema.nullable().default(null),
	visibility: z.enum(DRAFT_VISIBILITIES, { error: 'validation_invalid' }).default('private'),
	/** L1: the language the draft is written in (the author's interface language by default). */
	language: contentLanguageSchema.default('en')
});

/**
 * D2: the fields as a document holds them, read leniently on the server (a field a client wrote badly counts as
 * empty, it never breaks a list or a publish); text still goes through the hygiene of T1–T4 on publish.
 */
export function fieldsFrom(raw: Readonly<Record<string, unknown>>): DraftFields {
	const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max * 12) : '');
	const cost = costSchema.safeParse(raw.cost);
	const topic = topicSlugSchema.safeParse(raw.topic);
	const location = latLngSchema.safeParse(raw.location);
	return {
		title: text(raw.title, IDEA_TITLE_MAX),
		summary: text(raw.summary, DRAFT_SUMMARY_MAX),
		cost: cost.success ? cost.data : null,
		topic: topic.success ? topic.data : null,
		location: location.success ? location.data : null
	};
}

export const draftIdInputSchema = z.object({ draftId: idSchema });

/** D9: invite by display name. */
export const inviteByNameSchema = z.object({
	draftId: idSchema,
	name: personText({ kind: 'line', min: 1, max: 60, required: 'draft_invite_name_required' })
});

/** D6: a share link, valid for `hours`. */
export const createLinkSchema = z.object({
	draftId: idSchema,
	hours: z.number({ error: 'validation_invalid' }).int('validation_invalid').min(DRAFT_LINK_HOURS.min, 'validation_invalid').max(DRAFT_LINK_HOURS.max, 'validation_invalid').default(DRAFT_LINK_HOURS.default)
});

/** A share link's token as it travels in a URL: 32 random bytes, base64url (43 characters). */
export const linkTokenSchema = z.string({ error: 'draft_link_invalid' }).regex(/^[A-Za-z0-9_-]{43}$/, 'draft_link_invalid');
export const acceptLinkSchema = z.object({ token: linkTokenSchema });
export const revokeLinkSchema = z.object({ draftId: idSchema, linkId: idSchema });
export const answerInvitationSchema = z.object({ draftId: idSchema, accept: z.boolean({ error: 'validation_invalid' }) });
export const visibilitySchema = z.object({ draftId: idSchema, visibility: z.enum(DRAFT_VISIBILITIES, { error: 'validation_invalid' }) });

/** D18: asking to join a public draft, with a few words for its authors. */
export const joinRequestSchema = z.object({
	draftId: idSchema,
	message: z.union([z.literal(''), personText({ kind: 'multiline', min: 0, max: DRAFT_JOIN_MESSAGE_MAX, required: 'validation_invalid' })]).default('')
});
export const answerJoinSchema = z.object({ requestId: idSchema, accept: z.boolean({ error: 'validation_invalid' }) });

/** D20: public drafts of a project whose titles look like the one being typed. */
export const similarDraftsSchema = z.object({
	projectId: idSchema,
	// Cut, not refused, like the ideas' look-up beside it (B8): the title is whatever is being typed.
	title: z.preprocess((value) => (typeof value === 'string' ? value.slice(0, BOARD_QUERY_MAX) : value), z.string({ error: 'validation_invalid' }))
});

export interface DraftPerson {
	readonly id: string;
	readonly displayName: string;
	readonly role: Role;
}

export interface Draft {
	readonly id: string;
	readonly projectId: string;
	readonly projectSlug: string;
	/** The fields as last copied from the document (D22): what lists show. */
	readonly title: string;
	readonly summary: string;
	readonly visibility: DraftVisibility;
	readonly status: DraftStatus;
	/** D13: the idea it became, once published. */
	readonly ideaId: string | null;
	readonly authors: readonly DraftPerson[];
	readonly createdAt: string;
	readonly updatedAt: string;
}

export interface DraftLink {
	readonly id: string;
	readonly expiresAt: string;
	readonly createdBy: string;
}

export interface DraftJoinRequest {
	readonly id: string;
	readonly draftId: string;
	readonly draftTitle: string;
	readonly requester: DraftPerson;
	readonly message: string;
	readonly createdAt: string;
}

/** D10: an invitation by name waiting for its invitee's answer. */
export interface DraftInvitation {
	readonly draftId: string;
	readonly draftTitle: string;
	readonly projectSlug: string;
	readonly invitedBy: DraftPerson;
	readonly createdAt: string;
}

/** What the editor page of one draft shows one actor. */
export interface DraftPage {
	readonly draft: Draft;
	readonly access: Exclude<DocumentAccess, 'none'>;
	readonly rights: DraftRights;
	/** Co-authors only: the live share links and the pending invitations and join requests. */
	readonly links: readonly DraftLink[];
	readonly invited: readonly DraftPerson[];
	readonly joinRequests: readonly DraftJoinRequest[];
	/** D18: the actor's own pending request to join, if any. */
	readonly myJoinRequest: boolean;
}

/** D25: "my drafts": the drafts one co-writes, the invitations one has, the join requests waiting on one's drafts. */
export interface MyDrafts {
	readonly drafts: readonly Draft[];
	readonly invitations: readonly DraftInvitation[];
	readonly joinRequests: readonly DraftJoinRequest[];
}

/** A public draft that looks like a title being typed (D20). */
export interface SimilarDraft {
	readonly id: string;
	readonly title: string;
	readonly authors: number;
}

/** The facts about a draft that decide who may do what with it. */
export interface DraftAccessFacts {
	readonly authorIds: readonly string[];
	readonly visibility: DraftVisibility;
	readonly status: DraftStatus;
	/** D41: it has been private at some time (its versions may hold what was written then). */
	readonly writtenInPrivate: boolean;
}

/** The facts of a stored draft (its state and visibility as text): anything unknown reads as the stricter value. */
export function draftFactsOf(draft: { readonly visibility: string; readonly status: string; readonly writtenInPrivate: number }, authorIds: readonly string[]): DraftAccessFacts {
	return {
		authorIds,
		visibility: draft.visibility === 'public' ? 'public' : 'private',
		status: draft.status === 'published' ? 'published' : 'open',
		writtenInPrivate: draft.writtenInPrivate !== 0
	};
}

export function isDraftAuthor(actor: Actor, draft: Pick<DraftAccessFacts, 'authorIds'>): boolean {
	return actor.kind === 'user' && draft.authorIds.includes(actor.userId);
}

/**
 * D3–D5, D14: co-authors write an open draft; a published one nobody writes until it is reopened. Its co-authors
 * always read it; everyone, guests included, reads a public draft and a published one (whose text is public in its
 * idea anyway); nobody else reads a private one.
 */
export function draftAccess(actor: Actor, draft: DraftAccessFacts): DocumentAccess {
	if (isDraftAuthor(actor, draft)) return draft.status === 'open' ? 'write' : 'read';
	if (draft.visibility === 'public' || draft.status === 'published') return 'read';
	return 'none';
}

/**
 * D41: who reads a draft's history (its versions, comparisons, who wrote what). A draft that has ever been private
 * may show its text to everyone (made public, or published), but its history, which holds what was written and
 * deleted while it was private, to its co-authors only.
 */
export function draftHistoryAccess(actor: Actor, draft: DraftAccessFacts): DocumentAccess {
	if (draft.writtenInPrivate && !isDraftAuthor(actor, draft)) return 'none';
	return draftAccess(actor, draft);
}

/** What one actor may do with one draft now; the page shows these controls, the service enforces them. */
export interface DraftRights {
	/** D6–D12: co-author tools: invite, share links, visibility, leave, answer join requests. */
	readonly manage: boolean;
	/** D13: publish an open draft. */
	readonly publish: boolean;
	/** D15: reopen a published one. */
	readonly reopen: boolean;
	/** D18: ask to join. */
	readonly requestJoin: boolean;
	/** D40/D41: read its versions, comparisons and who wrote what. */
	readonly readHistory: boolean;
}

export function draftRightsOf(actor: Actor, draft: DraftAccessFacts): DraftRights {
	const author = isDraftAuthor(actor, draft);
	return {
		manage: author,
		publish: author && draft.status === 'open',
		reopen: author && draft.status === 'published',
		requestJoin: actor.kind === 'user' && !author && draft.visibility === 'public' && draft.status === 'open',
		readHistory: draftHistoryAccess(actor, draft) !== 'none'
	};
}

/** D6: how long a link created at `now` for `hours` stays valid. */
export function linkExpiry(now: Date, hours: number): string {
	return new Date(now.getTime() + hours * 3_600_000).toISOString();
}
