import type { Config } from './config';
import { cookiesAreSecure } from './config';

/** The one cookie that carries a session, for pages, Socket.io and Yjs alike. */
export const SESSION_COOKIE = 'agora_session';

/**
 * Reads the session token from a raw `Cookie` header (WebSocket handshakes have no framework to parse it). Anything
 * malformed, such as a broken percent-encoding, is no token at all: the caller is a guest.
 */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const separator = part.indexOf('=');
		if (separator === -1) continue;
		if (part.slice(0, separator).trim() !== SESSION_COOKIE) continue;
		try {
			return decodeURIComponent(part.slice(separator + 1).trim());
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** A4: httpOnly, SameSite=Lax, and Secure whenever the site is reached over https (configured or as seen). */
export function sessionCookieOptions(config: Config, expiresAt: Date, requestUrl: URL) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: cookiesAreSecure(config) || requestUrl.protocol === 'https:',
		expires: expiresAt
	};
}
