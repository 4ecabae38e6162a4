import { z } from 'zod';
import type { Role } from './actors';
import { personText } from './text';

/**
 * D30–D45 (RULES.md): the history of a Yjs document (a draft): versions, each the document's whole state at a moment,
 * viewable, comparable with the current text, and restorable as a new edit.
 */

/**
 * How a version came to be: `automatic` after a stretch of editing (D31), `named` on someone's request (D32),
 * `before-restore` the state a restore replaced, kept so that the restore can be undone (D38).
 */
export const VERSION_KINDS = ['automatic', 'named', 'before-restore'] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

export const HISTORY_LIMITS = {
	/** D31: an automatic version is taken at the first edit this long after the editing since the last version began. */
	automaticAfterMs: 5 * 60_000,
	/** D33: automatic versions kept per document (named ones are all kept); the oldest go first. */
	automaticKept: 50,
	/** D32: a version's name, in visible characters. */
	nameMax: 80,
	/**
	 * D36: a comparison marks word changes until the two texts differ by this many words and tags; past it the
	 * changed middle is shown removed whole and added whole, which keeps one comparison from costing seconds.
	 */
	compareMaxEdits: 2_000,
	/** D34: versions one list answers (newest first). */
	listMax: 200
} as const;

/** The people a version names: who asked for it, who wrote since the one before. */
export interface VersionPerson {
	readonly id: string;
	readonly displayName: string;
	readonly role: Role;
}

export interface DocumentVersionSummary {
	readonly id: string;
	/** 1, 2, 3… per document, in the order the versions were taken. */
	readonly number: number;
	readonly kind: VersionKind;
	/** D32: the name given to a named version; null otherwise. */
	readonly name: string | null;
	readonly createdAt: string;
	/** Who asked for it (named, before-restore); null for an automatic version. */
	readonly createdBy: VersionPerson | null;
	/** D35: who wrote in the document since the version before, as the server knows them (never as clients claim). */
	readonly authors: readonly VersionPerson[];
	/** before-restore: the number of the version whose restore this state preceded. */
	readonly restoredFrom: number | null;
}

/** The shared fields of a draft document (`Y.Map` `fields`), read leniently: a value of the wrong type reads empty. */
export interface DraftFields {
	readonly title: string;
	readonly summary: string;
	readonly cost: number | null;
	readonly topic: string | null;
	readonly location: { readonly lat: number; readonly lng: number } | null;
}

export const DRAFT_FIELD_NAMES = ['title', 'summary', 'cost', 'topic', 'location'] as const satisfies readonly (keyof DraftFields)[];
export type DraftFieldName = (typeof DRAFT_FIELD_NAMES)[number];

/** D34: one version as a reader sees it: its fields and its body as sanitized HTML. */
export interface DocumentVersionView {
	readonly version: DocumentVersionSummary;
	readonly fields: DraftFields;
	readonly bodyHtml: string;
}

/** D36: one field compared: `diffHtml` marks word changes in text fields, with `<ins>`/`<del>`, escaped. */
export interface FieldComparison {
	readonly field: DraftFieldName;
	readonly changed: boolean;
	readonly before: DraftFields[DraftFieldName];
	readonly after: DraftFields[DraftFieldName];
	readonly diffHtml: string | null;
}

/** D36: a version compared with the current document: the current body with what was added and removed marked. */
export interface DocumentComparison {
	readonly version: DocumentVersionSummary;
	readonly fields: readonly FieldComparison[];
	readonly bodyHtml: string;
	/** How many runs of words were added and removed in the body and the text fields together. */
	readonly additions: number;
	readonly removals: number;
}

/** D38: what a restore did. */
export interface RestoreResult {
	readonly restored: DocumentVersionSummary;
	/** The state just before the restore, kept as a version: restoring it undoes the restore. */
	readonly saved: DocumentVersionSummary;
	/** False when the document already equalled the version: nothing was applied. */
	readonly changed: boolean;
}

/** D39: who wrote what in the current document: each text run with the index of its author in `authors`. */
export interface DocumentAttribution {
	readonly authors: readonly (VersionPerson & { readonly characters: number })[];
	/** Characters whose writer the server does not know (written before attribution was recorded). */
	readonly unknownCharacters: number;
	readonly blocks: readonly { readonly segments: readonly { readonly text: string; readonly author: number | null }[] }[];
}

/** D32: a version's name, a person-written single line. */
export const versionNameSchema = personText({ kind: 'line', min: 1, max: HISTORY_LIMITS.nameMax, required: 'history_name_required' });

export const saveVersionSchema = z.object({ name: versionNameSchema }).strict();

/** Version ids are the store's URL-safe ids. */
export const versionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'history_version_not_found');
