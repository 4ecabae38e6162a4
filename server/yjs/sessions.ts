import type { Logger } from 'pino';
import { isDomainError } from '../../src/lib/domain/errors';
import type { App } from '../../src/lib/server/app';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { closeConnection, type Connection } from './connection';

/** A5: how often open connections are checked against their session's expiry. */
const EXPIRY_SWEEP_MS = 1_000;
/** A5: how long a sign-out or account change is remembered for the handshakes that were in flight meanwhile. */
const CHANGE_MEMORY_MS = 60_000;

export interface OpenConnection {
	readonly document: string;
	readonly connection: Connection;
}

/**
 * A5: Yjs connections act for their session only while it is valid. Each one is closed at its session's expiry
 * (4401) and when it is signed out (4401); when the account changes, each of that user's connections re-reads its
 * live session and the document's access: a writer who may now only read becomes read-only, one who may no longer
 * read is closed (4403). Rights gained apply from the next connection, so edits the client made while read-only (and
 * still holds) never slip in. The same re-check runs for every connection of a document whose access changed (Y12).
 */
export function createSessionFollower(app: App, log: Logger, openConnections: () => AsyncIterable<OpenConnection>) {
	/**
	 * Sessions that ended, accounts and documents' access that changed, by sequence number. A handshake reads the session before the
	 * connection opens: if either changed since it started, the new connection is re-checked at once instead of living
	 * on stale rights.
	 */
	let changeSequence = 0;
	const recentChanges = new Map<string, { sequence: number; at: number }>();
	function noteChange(key: string): void {
		recentChanges.delete(key);
		recentChanges.set(key, { sequence: ++changeSequence, at: Date.now() });
	}
	const changedSince = (sequence: number, document: string, connection: Connection) =>
		[`user:${connection.actor.userId}`, `session:${connection.sessionKey}`, `document:${document}`].some((key) => (recentChanges.get(key)?.sequence ?? 0) > sequence);

	async function recheck(document: string, connection: Connection): Promise<void> {
		const session = await app.services.accounts.liveSession(connection.sessionToken);
		if (session.actor.kind !== 'user' || !session.expiresAt) {
			closeConnection(connection, YJS_CLOSE.signedOut, 'session ended');
			return;
		}
		let access: 'read' | 'write';
		try {
			access = await app.services.documents.access(session.actor, document);
		} catch (error) {
			if (!isDomainError(error)) throw error;
			closeConnection(connection, error.code === 'unauthenticated' ? YJS_CLOSE.signedOut : YJS_CLOSE.forbidden, 'access withdrawn');
			return;
		}
		connection.actor = session.actor;
		connection.expiresAt = session.expiresAt;
		if (access === 'read') connection.readOnly = true;
	}

	function recheckOrClose(document: string, connection: Connection): Promise<void> {
		return recheck(document, connection).catch((error: unknown) => {
			// Unsure who it acts for now: it must not keep acting; the client reconnects and is checked afresh.
			log.error({ err: error, document }, 'could not re-check a Yjs connection; closing it');
			closeConnection(connection, YJS_CLOSE.goingAway, 'could not re-check');
		});
	}

	const sweep = setInterval(() => {
		// Oldest first (a key noted again moves to the end), so the scan stops at the first one still remembered.
		for (const [key, change] of recentChanges) {
			if (Date.now() - change.at < CHANGE_MEMORY_MS) break;
			recentChanges.delete(key);
		}
		void (async () => {
			const now = Date.now();
			for await (const { connection } of openConnections()) {
				if (connection.expiresAt.getTime() <= now) closeConnection(connection, YJS_CLOSE.signedOut, 'session expired');
			}
		})();
	}, EXPIRY_SWEEP_MS);
	sweep.unref();

	return {
		/** Where a handshake starts from; pass it to `opened`. */
		mark: () => changeSequence,
		/** A connection opened by a handshake that started at `since`. */
		opened(document: string, connection: Connection, since: number): void {
			if (changedSince(since, document, connection)) void recheckOrClose(document, connection);
		},
		closeSession(sessionKey: string): void {
			noteChange(`session:${sessionKey}`);
			void (async () => {
				for await (const { connection } of openConnections()) {
					if (connection.sessionKey === sessionKey) closeConnection(connection, YJS_CLOSE.signedOut, 'signed out');
				}
			})();
		},
		/** Never rejects: a connection that could not be re-checked is closed. */
		async refreshUser(userId: string): Promise<void> {
			noteChange(`user:${userId}`);
			const checks: Promise<void>[] = [];
			for await (const { document, connection } of openConnections()) {
				if (connection.actor.userId === userId && !connection.closing) checks.push(recheckOrClose(document, connection));
			}
			await Promise.all(checks);
		},
		/**
		 * Y12: who may open `document` changed: each of its connections re-reads its access, like an account change
		 * (a writer who may now only read becomes read-only, one who may not read is closed 4403). Never rejects.
		 */
		async refreshDocument(document: string): Promise<void> {
			noteChange(`document:${document}`);
			const checks: Promise<void>[] = [];
			for await (const open of openConnections()) {
				if (open.document === document && !open.connection.closing) checks.push(recheckOrClose(document, open.connection));
			}
			await Promise.all(checks);
		},
		stop: () => clearInterval(sweep)
	};
}
