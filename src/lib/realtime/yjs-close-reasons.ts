/**
 * Why the server closed a Yjs connection (docs/API.md, "Yjs"). The server sends these codes; a provider wrapper passes
 * `shouldReconnectYjs` as y-websocket's `shouldReconnect` so that a close that would only repeat itself stops the
 * reconnect loop, and shows `yjsCloseReason(code)` to the person instead.
 */
export const YJS_CLOSE = {
	/** The server is shutting down; reconnecting (to it or another node) is right. */
	goingAway: 1001,
	/** A malformed message, or an update whose causal predecessors the document lacks. */
	malformed: 4400,
	/** The session was signed out or expired: sign in again. */
	signedOut: 4401,
	/** The account may no longer open this document. */
	forbidden: 4403,
	/** Y16: an update carried structs under a Yjs client id another user owns. */
	foreignClient: 4409,
	/** An update above the per-update limit, or a document at its cap. */
	tooLarge: 4413
} as const;

/** `ws` closes with this itself when a frame exceeds its payload limit; sending the same state again would too. */
const WS_MESSAGE_TOO_BIG = 1009;

export type YjsCloseReason = 'malformed' | 'signed-out' | 'forbidden' | 'too-large';

/** Whether reconnecting after this close code would only be refused or closed again. */
export function isTerminalYjsClose(code: number): boolean {
	return (code >= 4400 && code < 4500) || code === WS_MESSAGE_TOO_BIG;
}

/** y-websocket's `shouldReconnect` option: reconnect unless the close is terminal. */
export function shouldReconnectYjs(event: { readonly code: number }): boolean {
	return !isTerminalYjsClose(event.code);
}

/** What to tell the person after a terminal close; null for a close worth reconnecting after. */
export function yjsCloseReason(code: number): YjsCloseReason | null {
	switch (code) {
		case YJS_CLOSE.malformed:
			return 'malformed';
		case YJS_CLOSE.signedOut:
			return 'signed-out';
		case YJS_CLOSE.forbidden:
			return 'forbidden';
		case YJS_CLOSE.tooLarge:
		case WS_MESSAGE_TOO_BIG:
			return 'too-large';
		default:
			return isTerminalYjsClose(code) ? 'malformed' : null;
	}
}
