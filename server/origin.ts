import type { IncomingMessage } from 'node:http';
import type { Config } from '../src/lib/server/config';

/**
 * Refuses cross-site WebSocket hijacking: a browser always sends Origin on a WebSocket handshake, and it must be
 * our public origin or the host the request was sent to. Non-browser clients send no Origin and rely on the cookie.
 */
export function isAllowedOrigin(request: IncomingMessage, config: Config): boolean {
	const origin = request.headers.origin;
	if (!origin) return true;
	if (origin === config.publicOrigin) return true;
	try {
		return new URL(origin).host === request.headers.host;
	} catch {
		return false;
	}
}
