import type { Logger } from 'pino';
import type { DraftFields } from '../domain/drafts';
import type { DomainEvent } from '../domain/events';
import type { LimitName, LimitSubject } from '../domain/limits';
import type { Store } from './storage/store';

/** Where services publish facts after a successful write. */
export interface EventPublisher {
	publish(event: DomainEvent): void;
}

export interface Clock {
	now(): Date;
}

export interface IdGenerator {
	/** A new unique, URL-safe id. */
	next(): string;
}

/** Password hashing and session tokens, kept behind a port so services stay free of crypto details. */
export interface Secrets {
	hashPassword(password: string): Promise<string>;
	/** False for a wrong password or a malformed hash; never throws for bad input. */
	verifyPassword(hash: string, password: string): Promise<boolean>;
	/** A new unguessable session token (URL-safe, 43 characters). */
	newSessionToken(): string;
	/** What the store keeps instead of the token itself. */
	sessionIdOf(token: string): string;
}

/** Counters behind the limits of domain/limits.ts (LIMITS), shared by every node when Redis is configured. */
export interface RateLimits {
	/**
	 * Uses one attempt in every window of `limit` the subject has a key for, atomically per window; throws
	 * `DomainError('rate_limited')` with `retryAfterSeconds` when a window was used up.
	 */
	take(limit: LimitName, subject: LimitSubject): Promise<void>;
	/** Returns an attempt that turned out not to count (a successful sign-in). */
	giveBack(limit: LimitName, subject: LimitSubject): Promise<void>;
}

export interface ServicePorts {
	readonly store: Store;
	readonly events: EventPublisher;
	readonly clock: Clock;
	readonly ids: IdGenerator;
	readonly secrets: Secrets;
	readonly limits: RateLimits;
	readonly log: Logger;
}

/** An idea body after the server's allowlist (see rich-text.ts): the HTML to store and render, and its visible text. */
export interface SanitizedRichText {
	readonly html: string;
	readonly text: string;
}

/** Turns person-written rich text (HTML or plain text) into allowlisted HTML; never throws for bad input. */
export interface RichTextSanitizer {
	sanitize(raw: string): SanitizedRichText;
}

/**
 * Server-made edits of a live Yjs document (a restored version), for services that must not import the transport.
 * `apply` merges `update` into the document where it is loaded (stored, relayed to every node, broadcast to its
 * connections, credited to `origin.userId`), or appends it to storage when this node has it unloaded; it resolves
 * once the update is stored. Implemented by the Yjs rooms (server/yjs/), wired in the composition root.
 */
export interface LiveDocuments {
	apply(name: string, update: Uint8Array, origin: { readonly userId: string }): Promise<void>;
}

/** What the server reads from and writes into a draft's Yjs document (D2, D13), so services need no Yjs. */
export interface DraftDocuments {
	/** The first update of a new draft's document: its fields (D25), and the Yjs client id it is written under. */
	seed(fields: DraftFields): { update: Uint8Array; clientId: number };
	/** The document made of `updates`: its raw fields (read leniently by the domain) and its body as sanitized HTML. */
	read(updates: readonly Uint8Array[]): { fields: Record<string, unknown>; bodyHtml: string };
}
