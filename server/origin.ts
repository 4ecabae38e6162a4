import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Config } from '../src/lib/server/config';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The scheme the client used: TLS on this socket, or X-Forwarded-Proto from a proxy on this machine (the same trust
 * Express gives: 'loopback'); a remote client cannot claim https by sending the header.
 */
function schemeOf(request: IncomingMessage): 'http' | 'https' {
	if ((request.socket as TLSSocket).encrypted) return 'https';
	const forwarded = request.headers['x-forwarded-proto'];
	const claimed = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
	return claimed === 'https' && LOOPBACK.test(request.socket.remoteAddress ?? '') ? 'https' : 'http';
}

function originOf(value: string): string | null {
	try {
		const url = new URL(value);
		return url.origin === 'null' ? null : url.origin;
	} catch {
		return null;
	}
}

/**
 * Refuses cross-site WebSocket hijacking: a browser always sends Origin on a WebSocket handshake, and it must be
 * our public origin or the origin the request was sent to, compared whole (scheme, host and port: an https page
 * must not speak for an http site of the same host, nor another port's). Non-browser clients send no Origin and
 * rely on the cookie.
 */
export function isAllowedOrigin(request: IncomingMessage, config: Config): boolean {
	const origin = request.headers.origin;
	if (!origin) return true;
	const claimed = originOf(origin);
	if (!claimed) return false;
	if (claimed === originOf(config.publicOrigin)) return true;
	const host = request.headers.host;
	return host !== undefined && claimed === originOf(`${schemeOf(request)}://${host}`);
}
