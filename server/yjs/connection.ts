import { WebSocket } from 'ws';
import type { Actor } from '../../src/lib/domain/actors';
import type { TokenBucket } from './awareness-guard';

/** One client's WebSocket on one document, and what the server knows about who is behind it. */
export interface Connection {
	readonly socket: WebSocket;
	/**
	 * Who it acts for; re-read from the live session when the account changes (A5). A guest only where the
	 * document's access lets guests read (a public draft), and then always read-only.
	 */
	actor: Actor;
	/** Kept in memory only, to re-read the live session (A5); never logged. Null for a guest. */
	readonly sessionToken: string | null;
	/** Signing this session out closes the connection; null for a guest. */
	readonly sessionKey: string | null;
	/** The session's expiry: the connection is closed then (A5); null for a guest. */
	expiresAt: Date | null;
	/** Its updates are dropped (Y2); a writer who loses the right becomes read-only (A5). */
	readOnly: boolean;
	readonly presence: ConnectionPresence;
	alive: boolean;
	/** We closed it: the closing handshake may take a while, and nothing it sends meanwhile counts. */
	closing: boolean;
	/** Messages waiting behind one that waits for storage (a new client id, Y16), in order; null when none waits. */
	inbox: Promise<void> | null;
}

/** A connection's share of the room's presence (Y5, Y6). */
export interface ConnectionPresence {
	/** Awareness client ids it speaks for, removed when it leaves. */
	readonly ids: Set<number>;
	/** Y18: how many ids its presence has had claimed for its user so far. */
	claimed: number;
	readonly bucket: TokenBucket;
	/** The latest awareness update that came faster than the rate; applied when the next token is there. */
	deferred: Uint8Array | null;
	timer: NodeJS.Timeout | null;
}

export function send(connection: Connection, message: Uint8Array): void {
	if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(message);
}

/** Closes with one of YJS_CLOSE's codes; the reason is a protocol word for logs and the client, not a sentence. */
export function closeConnection(connection: Connection, code: number, reason: string): void {
	if (connection.closing) return;
	connection.closing = true;
	connection.socket.close(code, reason);
}
