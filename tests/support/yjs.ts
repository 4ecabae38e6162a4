import { WebSocket as WsWebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { withTimeout as boundedWait } from '../../server/timeout';

export const WAIT_MS = 5_000;

/** The server's bounded wait, with a message that says what a test was waiting for. */
export function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = WAIT_MS): Promise<T> {
	return boundedWait(promise, timeoutMs, `Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Resolves once `predicate` holds, re-checking on every change of `docs`; rejects with `what()` on timeout. */
export function waitForDocs(docs: Y.Doc[], predicate: () => boolean, what: () => string, timeoutMs = WAIT_MS): Promise<void> {
	return new Promise((resolve, reject) => {
		const check = () => {
			if (!predicate()) return;
			done();
			resolve();
		};
		const timer = setTimeout(() => {
			done();
			reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}`));
		}, timeoutMs);
		const done = () => {
			clearTimeout(timer);
			for (const doc of docs) doc.off('update', check);
		};
		for (const doc of docs) doc.on('update', check);
		check();
	});
}

/** Node 20 has no global WebSocket: y-websocket gets `ws`, with the session cookie on the handshake. */
export function webSocketWithCookie(cookie: string | undefined): typeof globalThis.WebSocket {
	class CookieWebSocket extends WsWebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, cookie ? { headers: { cookie } } : {});
		}
	}
	return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

/** The y-websocket base URL of a server given its http URL. */
export function yjsBase(httpUrl: string): string {
	return `${httpUrl.replace(/^http/, 'ws')}/yjs`;
}

/** A real y-websocket client on `document`, connecting with the session cookie; not yet synced. */
export function createProvider(httpUrl: string, document: string, cookie: string, doc = new Y.Doc()): WebsocketProvider {
	return new WebsocketProvider(yjsBase(httpUrl), document, doc, {
		WebSocketPolyfill: webSocketWithCookie(cookie),
		connect: true,
		// Node has a global BroadcastChannel: without this, providers of one process would sync with each other
		// directly, bypassing the server.
		disableBc: true,
		maxBackoffTime: 200
	});
}

/** Resolves once the provider's first sync with the server is complete. */
export async function whenSynced(provider: WebsocketProvider, what: string): Promise<void> {
	if (provider.synced) return;
	await withTimeout(
		new Promise<void>((resolve) => {
			const onSync = (synced: boolean) => {
				if (!synced) return;
				provider.off('sync', onSync);
				resolve();
			};
			provider.on('sync', onSync);
		}),
		what
	);
}

/** A real y-websocket client on `document`, resolved once its first sync with the server is complete. */
export async function openProvider(httpUrl: string, document: string, cookie: string, doc = new Y.Doc()): Promise<WebsocketProvider> {
	const provider = createProvider(httpUrl, document, cookie, doc);
	await whenSynced(provider, `a provider to sync with ${document}`);
	return provider;
}
