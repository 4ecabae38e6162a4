import { z } from 'zod';
import { latLngSchema, type LatLng } from './geo';
import { cleanText, hasControlCharacters, personText, visibleLength } from './text';
import { isModeratorRole, type Actor, type Role } from './actors';
import type { VoteValue } from './votes';
import type { PinList } from './board';
import type { HiddenNotice } from './moderation';
import type { Translations } from './projects';

export const IDEA_TITLE_MIN = 8;
export const IDEA_TITLE_MAX = 120;
export const IDEA_BODY_MIN = 20;
export const IDEA_BODY_MAX = 5000;
/**
 * I3: the most characters of markup a body may take, before it is sanitized: the 5,000 visible characters with three
 * times as much formatting, and a bound on what the sanitizer parses. At three bytes a character at worst, a command
 * carrying it stays under the socket's 64 KiB frame cap.
 */
export const IDEA_BODY_HTML_MAX = 20_000;
export const WITHDRAW_REASON_MIN = 5;
export const WITHDRAW_REASON_MAX = 500;

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
 * Reads a body as sent into the HTML to keep and the text a reader will see: the server's allowlist (a port, see
 * `RichTextSanitizer`), or in the browser the editor's own text, for feedback before any round trip.
 */
export type RichTextReader = (raw: string) => { readonly html: string; readonly text: string };

/** A reader for text typed without the editor, as the browser checks it (the server still sanitizes it). */
export const bodyAsTyped: RichTextReader = (raw) => ({ html: raw, text: raw });

/**
 * A body as sent (rich text from the editor, or plain text without it): bounded in size before anything parses it
 * (I3), free of control characters (T2), in NFC without bidi overrides (T1/T3), then read by `read`; the length rules
 * apply to its visible text (I3, T4), as `personText` measures it, and errors stay the body field's whatever markup
 * carried them.
 */
export function richBodySchema(read: RichTextReader) {
	return (
		z
			.string({ error: 'idea_body_required' })
			.refine((raw) => raw.length <= IDEA_BODY_HTML_MAX, { message: 'validation_too_long', params: { max: IDEA_BODY_MAX }, abort: true })
			.refine((raw) => !hasControlCharacters(raw, 'multiline'), { message: 'validation_forbidden_characters', abort: true })
			.transform((raw) => {
				const { html, text } = read(cleanText(raw, 'multiline'));
				return { html, text: cleanText(text, 'multiline') };
			})
			// Refinements, not a parse inside the transform: the form's other checks (the place) still run beside them.
			.refine(({ text }) => !hasControlCharacters(text, 'multiline'), { message: 'validation_forbidden_characters', abort: true })
			.refine(({ text }) => text.length > 0, 'idea_body_required')
			.refine(({ text }) => text.length === 0 || visibleLength(text) >= IDEA_BODY_MIN, { message: 'validation_too_short', params: { min: IDEA_BODY_MIN } })
			.refine(({ text }) => visibleLength(text) <= IDEA_BODY_MAX, { message: 'validation_too_long', params: { max: IDEA_BODY_MAX } })
	);
}

const ideaTitleSchema = personText({ kind: 'line', min: IDEA_TITLE_MIN, max: IDEA_TITLE_MAX, required: 'idea_title_required' });

/**
 * Input of `ideas.create`: the browser imports this for instant feedback, the server parses with it again (I3). The
 * place is a pin (`location`) or, without a map (no JavaScript, a screen reader, a phone in the sun), a `district`:
 * the idea then sits at the district's centre, marked approximate (I5).
 */
export const createIdeaSchema = (read: RichTextReader) => z
	.object({
		projectId: idSchema,
		title: ideaTitleSchema,
		body: richBodySchema(read),
		topic: slugSchema('idea_topic_required'),
		language: contentLanguageSchema.default('en'),
		location: latLngSchema.optional(),
		district: slugSchema('idea_district_unknown').optional()
	})
	.refine((input) => input.location !== undefined || input.district !== undefined, {
		path: ['location'],
		message: 'idea_location_required'
	});

/** Input of `ideas.edit` (I7): the new title, body and topic, all three. */
export const editIdeaSchema = (read: RichTextReader) =>
	z.object({
		ideaId: idSchema,
		title: ideaTitleSchema,
		body: richBodySchema(read),
		topic: slugSchema('idea_topic_required')
	});

/** Input of `ideas.withdraw` (I9): the reason is kept and shown on the idea's page. */
export const withdrawIdeaSchema = z.object({
	ideaId: idSchema,
	reason: personText({ kind: 'multiline', min: WITHDRAW_REASON_MIN, max: WITHDRAW_REASON_MAX, required: 'idea_withdraw_reason_required' })
});

/** Input of `ideas.markDuplicate` (I10). */
export const markDuplicateSchema = z.object({ ideaId: idSchema, duplicateOf: idSchema });
/** Input of `ideas.unmarkDuplicate` (I10). */
export const unmarkDuplicateSchema = z.object({ ideaId: idSchema });

/** I9: when, why, and whether by the author or by a moderator, an idea was withdrawn. */
export interface Withdrawal {
	readonly at: string;
	readonly reason: string;
	readonly byAuthor: boolean;
}

export interface Idea {
	readonly id: string;
	readonly projectId: string;
	readonly title: string;
	/** Sanitized HTML (the server's allowlist, docs/SECURITY.md): the only thing ever rendered as markup. */
	readonly body: string;
	/** The body's visible text: what cards, previews, Open Graph and search use. */
	readonly bodyText: string;
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
	/** I7: the last edit, null when never edited. */
	readonly editedAt: string | null;
	/** I9: null unless withdrawn. */
	readonly withdrawn: Withdrawal | null;
	/** I10: the id of the idea of the same project this one duplicates, if a moderator said so. */
	readonly duplicateOf: string | null;
}

/** An idea as one viewer sees it: with that viewer's own vote, if any. */
export interface IdeaView extends Idea {
	readonly myVote: VoteValue | null;
	/** MO3: null unless a moderator hid it; only its author and moderators ever read a hidden idea. */
	readonly hidden?: HiddenNotice | null;
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

/** I7: an older idea's edit, as a catch-up reports it: what its card and pin show. */
export interface IdeaEdit {
	readonly ideaId: string;
	readonly title: string;
	readonly bodyText: string;
	readonly topic: { readonly slug: string; readonly name: string };
	readonly editedAt: string;
}

/**
 * What changed in a project after a marker: the ideas created since (newest first), the counts of older ideas that
 * changed, the older ideas edited since (I7), the ideas withdrawn since (I9: gone from lists and the map), and the
 * marker to ask from next time.
 */
export interface IdeaChanges {
	readonly since: string;
	readonly ideas: readonly IdeaView[];
	readonly counts: readonly IdeaCounts[];
	readonly edited: readonly IdeaEdit[];
	readonly withdrawn: readonly string[];
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

/** I7: until when an idea posted at `createdAt` may be edited by its author (an ISO time). */
export function editableUntil(createdAt: string, editWindowMinutes: number): string {
	return new Date(new Date(createdAt).getTime() + editWindowMinutes * 60_000).toISOString();
}

/** What one actor may do with one idea now (I7, I9, I10): the page shows these controls, the service enforces them. */
export interface IdeaRights {
	readonly edit: boolean;
	readonly withdraw: boolean;
	readonly markDuplicate: boolean;
}

export function ideaRightsOf(
	actor: Actor,
	idea: Pick<Idea, 'author' | 'createdAt' | 'withdrawn' | 'duplicateOf'>,
	project: { readonly status: string; readonly editWindowMinutes: number },
	now: Date
): IdeaRights {
	if (actor.kind !== 'user' || idea.withdrawn) return { edit: false, withdraw: false, markDuplicate: false };
	const isAuthor = actor.userId === idea.author.id;
	const moderator = isModeratorRole(actor.role);
	return {
		edit:
			isAuthor &&
			project.status === 'open' &&
			idea.duplicateOf === null &&
			now.toISOString() < editableUntil(idea.createdAt, project.editWindowMinutes),
		withdraw: isAuthor || moderator,
		markDuplicate: moderator
	};
}

/** One earlier version of an idea (I8), and who replaced it when. */
export interface IdeaRevision {
	readonly id: string;
	readonly title: string;
	/** Sanitized HTML, as it was. */
	readonly body: string;
	readonly bodyText: string;
	readonly topic: { readonly slug: string; readonly name: string };
	readonly writtenAt: string;
	readonly replacedAt: string;
	readonly replacedBy: { readonly id: string; readonly displayName: string; readonly role: Role };
}

/** An idea linked from another (a duplicate and its original), with what the link shows. */
export interface IdeaLink {
	readonly id: string;
	readonly title: string;
	readonly language: ContentLanguage;
}

/** One of a person's ideas as their profile lists it, with the project it is in. */
export interface AuthoredIdea extends IdeaLink {
	readonly status: IdeaStatus;
	readonly upvotes: number;
	readonly commentCount: number;
	readonly createdAt: string;
	readonly project: { readonly slug: string; readonly title: string; readonly translations: Translations<string> };
}

/** Everything an idea's page shows beyond the idea itself. */
export interface IdeaPage {
	readonly idea: IdeaView;
	/** I8: earlier versions, newest first. */
	readonly revisions: readonly IdeaRevision[];
	/** I10: the idea this one duplicates. */
	readonly original: IdeaLink | null;
	/** I10/I11: ideas marked duplicates of this one, with their upvotes. */
	readonly duplicates: readonly (IdeaLink & { readonly upvotes: number })[];
	/** I11: the upvotes of its duplicates, shown on the original beside its own. */
	readonly duplicateUpvotes: number;
	/** I7: until when the author may edit it. */
	readonly editableUntil: string;
	readonly rights: IdeaRights;
	/** D16: every credited author, in order (the author alone for an idea not written as a draft). */
	readonly authors: readonly { readonly id: string; readonly displayName: string; readonly role: Role }[];
	/**
	 * D13: the draft it was published from, if any: its estimated cost when published (D42), and whether the reader
	 * may read its history (D41).
	 */
	readonly draft: { readonly id: string; readonly cost: number | null; readonly history: boolean } | null;
}

/** The idea id in what a moderator pastes: an idea's link ("…/ideas/<id>", any language, any fragment) or the id. */
export function ideaIdFromLink(value: string): string {
	const trimmed = value.trim();
	return /\/ideas\/([^/?#\s]+)/.exec(trimmed)?.[1] ?? trimmed;
}
