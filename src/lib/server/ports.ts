import type { Logger } from 'pino';
import type { DraftFields } from '../domain/drafts';
import type { BalanceChange, BoardKey } from '../domain/points';
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

/**
 * One e-mail, already in the recipient's words (mail/templates.ts). Generic on purpose: account links now, staff
 * invitations, instant notifications and digests later, all through the same Mailer.
 */
export interface MailMessage {
	/** What it is for: 'verify', 'reset', 'invitation', 'notification', 'digest', … (logs, tests, the outbox). */
	readonly kind: string;
	/** One address. */
	readonly to: string;
	/** The language it is written in (en, fr, nl); also sent as Content-Language. */
	readonly locale: string;
	readonly subject: string;
	/** The plain-text part: every e-mail has one. */
	readonly text: string;
	/** The HTML part, with everything person-written in it escaped (mail/templates.ts does). */
	readonly html: string;
	/**
	 * Extra headers, e.g. RFC 8058's one-click unsubscribe for notifications:
	 * `{ 'List-Unsubscribe': '<https://…/unsubscribe/…>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }`.
	 * A value with a line break is refused (header injection).
	 */
	readonly headers?: Readonly<Record<string, string>>;
}

/** The mail transport port (mail/mailer.ts): services hand it e-mails and never wait for a mail server. */
export interface Mailer {
	/**
	 * Stores the e-mail in the outbox, then delivers it in the background (SMTP when SMTP_URL is set). Resolves with
	 * its outbox id once stored (null when even that failed); never rejects: failures are logged and a failed SMTP
	 * attempt is retried later (E13), so the person's action neither fails nor waits because mail is down.
	 */
	send(message: MailMessage): Promise<string | null>;
}

/** The account e-mails' words in the recipient's language (mail/templates.ts), so services compose no sentences. */
export interface AccountMails {
	verification(locale: string, params: { name: string; link: string }): { subject: string; text: string; html: string };
	passwordReset(locale: string, params: { name: string; link: string }): { subject: string; text: string; html: string };
}

/** LB1: one line of a board as the rank index knows it (names are added by the leaderboard service). */
export interface RankedLine {
	readonly rank: number;
	readonly userId: string;
	readonly points: number;
}

/**
 * LB5/LB6: ranks of the boards. Without Redis it reads `point_balances` (an indexed SQL aggregate kept with the
 * ledger); with Redis, sorted sets kept in step with each ledger write and rebuilt from the balances after a Redis
 * loss. Both answer the same (tests/contract/rank-index). Ranks are competition ranks among listed people (LB1):
 * 1 + how many listed people have more points; ties are ordered by `reachedAt`, then user id.
 */
export interface RankIndex {
	/** Records committed changes; never throws for a Redis outage (logs, and the next read rebuilds). */
	apply(changes: readonly BalanceChange[]): Promise<void>;
	/** LB2: a person's rank among listed people (where they would stand, when they opted out); null rank: no points. */
	standing(board: BoardKey, userId: string): Promise<{ readonly rank: number | null; readonly points: number }>;
	/**
	 * The listed lines from `offset` (0-based), at most `limit`, and how many are listed on the board (people with
	 * points, LB3). `version` is higher for a later reading of the board (LB4), so a viewer keeps the newest one.
	 */
	top(board: BoardKey, limit: number, offset?: number): Promise<{ readonly lines: readonly RankedLine[]; readonly total: number; readonly version: number }>;
	/**
	 * LB8: the rank `points` would have on the board among the listed people other than `userId` (1 + how many of them
	 * have more), for "you moved up 3 places": where a person stood before their points changed.
	 */
	rankFor(board: BoardKey, points: number, userId: string): Promise<number>;
	/** LB2: a person's opt-out (or back in) on every board, at once. */
	setListed(userId: string, listed: boolean): Promise<void>;
	/** PT10: forgets everything and reloads from the store's balances. */
	rebuild(): Promise<void>;
}
