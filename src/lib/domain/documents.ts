import type { Actor, Role, SignedInActor } from './actors';
import { draftAccess, draftHistoryAccess, type DraftAccessFacts } from './drafts';

/**
 * Yjs document names: `<kind>:<id>`. Each kind names who may read and who may write.
 * `notes:<projectId>` is a project's shared working notes: staff write, every signed-in user reads.
 * `draft:<draftId>` is a draft being co-written (D3–D5, D14: see `draftAccess` in drafts.ts).
 */
export const DOCUMENT_KINDS = ['notes', 'draft'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentName {
	readonly kind: DocumentKind;
	readonly id: string;
}

export type DocumentAccess = 'write' | 'read' | 'none';

const DOCUMENT_NAME = /^([a-z]+):([A-Za-z0-9_-]{1,64})$/;

export function parseDocumentName(name: string): DocumentName | null {
	const match = DOCUMENT_NAME.exec(name);
	if (!match) return null;
	const kind = match[1] as DocumentKind;
	if (!DOCUMENT_KINDS.includes(kind)) return null;
	return { kind, id: match[2]! };
}

/**
 * Y1: guests never open notes; Y2: staff write notes, citizens only read them. A draft's access depends on its
 * co-authors, visibility and state (`draft`, read from the store): D3–D5, D14.
 */
export function documentAccess(actor: Actor, document: DocumentName, draft?: DraftAccessFacts): DocumentAccess {
	switch (document.kind) {
		case 'notes':
			if (actor.kind === 'guest') return 'none';
			return actor.role === 'citizen' ? 'read' : 'write';
		case 'draft':
			return draft ? draftAccess(actor, draft) : 'none';
	}
}

/** D41: who reads a document's history: as the document itself, except a draft published from private writing. */
export function documentHistoryAccess(actor: Actor, document: DocumentName, draft?: DraftAccessFacts): DocumentAccess {
	return document.kind === 'draft' ? (draft ? draftHistoryAccess(actor, draft) : 'none') : documentAccess(actor, document, draft);
}

/** Y3: the largest single update and the largest whole document a room accepts, in bytes. */
export const MAX_DOCUMENT_UPDATE_BYTES = 256 * 1024;
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/**
 * Y5/Y6: presence (awareness). A state is a cursor and who it belongs to, far below 2 KiB; a person moving a cursor
 * or typing sends at most a few a second, so 10 a second with bursts of 20 never slows anyone honest, while a flood
 * costs the room at most that much. Past the rate the latest state waits for the next token (it is never lost).
 */
export const PRESENCE_LIMITS = {
	/** Y5: one awareness message, in bytes. */
	maxMessageBytes: 2 * 1024,
	/** Y5: awareness client ids one connection may speak for (one per editor it hosts). */
	maxIdsPerConnection: 4,
	/**
	 * Y18: client ids one connection has claimed for its user from its presence, over its whole life: an editor uses
	 * one, a reload opens a new connection. Ids it publishes past this are still shown, only not claimed early.
	 */
	maxPresenceClaimsPerConnection: 8,
	/** Y6: token bucket per connection: sustained messages per second, and the burst. */
	messagesPerSecond: 10,
	burst: 20,
	/** Y7: a room sends everyone the presence changes gathered over this window, as one message. */
	broadcastWindowMs: 50
} as const;

/**
 * Y8: open Yjs connections per node. A town hall on one venue's Wi-Fi puts hundreds of people behind one address,
 * each with a tab or two; one account needs a few tabs and devices, never dozens.
 */
export const CONNECTION_LIMITS = {
	/** Open connections from one address (an IPv6 /64 counts as one). */
	openPerAddress: 500,
	/** Handshakes (session lookup, document load) in flight from one address. */
	handshakesPerAddress: 50,
	/** Open connections of one account, all its sessions together. */
	openPerAccount: 20
} as const;

/** What others see of a person's presence: set by the server from the actor, never by the client (Y6). */
export interface PresenceUser {
	readonly name: string;
	readonly color: string;
	readonly role: Role;
}

/** Distinct on light and dark backgrounds, and stable per person so a cursor keeps its colour across visits. */
const PRESENCE_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#7f7f7f', '#3366cc', '#dc3912'] as const;

/** Y6: the colour of a user's cursor, derived from the user id (FNV-1a), the same on every node. */
export function presenceColourOf(userId: string): string {
	let hash = 0x811c9dc5;
	for (let index = 0; index < userId.length; index++) {
		hash ^= userId.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return PRESENCE_COLOURS[hash % PRESENCE_COLOURS.length]!;
}

/** Y6: the `user` field of every awareness state a signed-in actor publishes. */
export function presenceUserOf(actor: SignedInActor): PresenceUser {
	return { name: actor.displayName, color: presenceColourOf(actor.userId), role: actor.role };
}
