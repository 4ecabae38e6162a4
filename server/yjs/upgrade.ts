import type { IncomingMessage } from 'node:http';
import { describeDomainError } from '../../src/lib/i18n/domain-messages';
import { negotiateLocale } from '../../src/lib/i18n/negotiate';
import type { Duplex } from 'node:stream';
import type { Actor } from '../../src/lib/domain/actors';
import { CONNECTION_LIMITS } from '../../src/lib/domain/documents';
import { isDomainError } from '../../src/lib/domain/errors';
import { addressKey } from '../../src/lib/domain/limits';
import { clientAddressOf } from '../client-address';
import type { App } from '../../src/lib/server/app';
import { HTTP_STATUS } from '../../src/lib/server/http-status';
import { sessionTokenFromCookieHeader } from '../../src/lib/server/session-cookie';
import { isAllowedOrigin } from '../origin';

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	409: 'Conflict',
	413: 'Content Too Large',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

/** Answers a refused upgrade and drops the socket, whether or not the client ever closes its side. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
	const body = JSON.stringify({ error: message });
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
		() => socket.destroy()
	);
}

/** A handshake the gate let through: who it is for and how, holding its slots until it is settled and released. */
export interface Admission {
	readonly document: string;
	/** A guest only when the document lets guests read; a guest's admission is always read-only. */
	readonly actor: Actor;
	readonly sessionToken: string | null;
	readonly sessionKey: string | null;
	readonly expiresAt: Date | null;
	readonly readOnly: boolean;
	readonly addressKey: string;
	/** The WebSocket handshake is over: opened, or failed (which gives back the connection slots too). */
	settle(opened: boolean): void;
	/** The open connection ended: gives back its connection slots. */
	release(): void;
}

/** Counts per key, forgetting a key at zero so the maps hold only who is connected now. */
function createCounter() {
	const counts = new Map<string, number>();
	return {
		of: (key: string) => counts.get(key) ?? 0,
		add: (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1),
		remove(key: string) {
			const count = (counts.get(key) ?? 0) - 1;
			if (count > 0) counts.set(key, count);
			else counts.delete(key);
		}
	};
}

/**
 * The Yjs upgrade's checks, in the order that costs least (Y1, Y8): origin, the name's encoding, the address's open
 * connections and handshakes, the session and the document's access, the account's open connections. A refusal is an
 * HTTP answer before any WebSocket exists. Counts are per node.
 */
export function createUpgradeGate(app: App) {
	const handshakesByAddress = createCounter();
	const openByAddress = createCounter();
	const openByAccount = createCounter();

	return {
		/** Resolves with an admission, or null once it has answered the refusal. */
		async admit(request: IncomingMessage, socket: Duplex, path: string): Promise<Admission | null> {
			if (!isAllowedOrigin(request, app.config)) {
				refuseUpgrade(socket, 403, 'Cross-origin WebSocket refused.');
				return null;
			}
			let document: string;
			try {
				document = decodeURIComponent(path);
			} catch {
				refuseUpgrade(socket, 400, 'Malformed document name.');
				return null;
			}
			// The socket's own address: without a configured proxy header, anything a client sends could be forged.
			// Behind a proxy the header named by ADDRESS_HEADER tells the client's address, as for Socket.io and pages.
			const address = addressKey(clientAddressOf(request.headers, request.socket.remoteAddress ?? 'unknown', app.config));
			if (openByAddress.of(address) + handshakesByAddress.of(address) >= CONNECTION_LIMITS.openPerAddress) {
				refuseUpgrade(socket, 429, 'Too many open connections from this address.');
				return null;
			}
			if (handshakesByAddress.of(address) >= CONNECTION_LIMITS.handshakesPerAddress) {
				refuseUpgrade(socket, 429, 'Too many connections being opened from this address.');
				return null;
			}
			handshakesByAddress.add(address);
			let handshaking = true;
			const endHandshake = () => {
				if (handshaking) handshakesByAddress.remove(address);
				handshaking = false;
			};
			try {
				const token = sessionTokenFromCookieHeader(request.headers.cookie);
				const session = await app.services.accounts.liveSession(token);
				let access: 'read' | 'write';
				try {
					access = await app.services.documents.access(session.actor, document);
				} catch (error) {
					if (!isDomainError(error)) throw error;
					const locale = negotiateLocale({ cookieHeader: request.headers.cookie, acceptLanguage: request.headers['accept-language'] });
					refuseUpgrade(socket, HTTP_STATUS[error.code], describeDomainError(error, locale).message);
					endHandshake();
					return null;
				}
				const { actor } = session;
				// A guest reads (a public draft, where access() lets guests in) and counts under its address only.
				const account = actor.kind === 'user' ? actor.userId : null;
				if (account && openByAccount.of(account) >= CONNECTION_LIMITS.openPerAccount) {
					refuseUpgrade(socket, 429, 'Too many open connections for this account.');
					endHandshake();
					return null;
				}
				// Reserved now, so parallel handshakes of one account cannot all pass the check.
				if (account) openByAccount.add(account);
				let state: 'handshake' | 'open' | 'gone' = 'handshake';
				return {
					document,
					actor,
					sessionToken: account ? (token ?? null) : null,
					sessionKey: account ? session.sessionKey : null,
					expiresAt: account ? session.expiresAt : null,
					readOnly: access === 'read' || !account,
					addressKey: address,
					settle(opened) {
						if (state !== 'handshake') return;
						endHandshake();
						if (opened) {
							state = 'open';
							openByAddress.add(address);
						} else {
							state = 'gone';
							if (account) openByAccount.remove(account);
						}
					},
					release() {
						if (state !== 'open') return;
						state = 'gone';
						if (account) openByAccount.remove(account);
						openByAddress.remove(address);
					}
				};
			} catch (error) {
				endHandshake();
				throw error;
			}
		}
	};
}

export type UpgradeGate = ReturnType<typeof createUpgradeGate>;
