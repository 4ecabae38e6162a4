import type { RequestHandler } from 'express';
import type { Config } from '../src/lib/server/config';

/** HSTS for a year once the public origin is https; a plain-http deployment must never send it. */
const HSTS_SECONDS = 365 * 24 * 3600;

/**
 * The headers every response carries, whoever answers it (health, static files, SvelteKit, Socket.io's polling).
 * Pages add their Content-Security-Policy through SvelteKit (svelte.config.js), which needs per-response nonces.
 */
export function securityHeadersOf(config: Pick<Config, 'publicOrigin'>): Readonly<Record<string, string>> {
	return Object.freeze({
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'strict-origin-when-cross-origin',
		// frame-ancestors 'none' in the pages' CSP says the same to browsers that read it; this covers the others.
		'X-Frame-Options': 'DENY',
		'Cross-Origin-Opener-Policy': 'same-origin',
		// The map's "near me" asks for the position on our own pages; nothing else is ever needed.
		'Permissions-Policy': 'geolocation=(self), camera=(), microphone=(), payment=(), usb=(), browsing-topics=()',
		...(config.publicOrigin.startsWith('https://') ? { 'Strict-Transport-Security': `max-age=${HSTS_SECONDS}` } : {})
	});
}

/** Express middleware that sets securityHeadersOf on every response; register it before anything that answers. */
export function securityHeaders(config: Pick<Config, 'publicOrigin'>): RequestHandler {
	const headers = securityHeadersOf(config);
	return (_request, response, next) => {
		response.set(headers);
		next();
	};
}
