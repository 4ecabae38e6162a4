import type { ErrorCode } from '../domain/errors';

/** The one table from domain error codes to HTTP statuses (pages, API routes and refused WebSocket upgrades). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
	invalid: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	too_large: 413,
	rate_limited: 429
};

/**
 * The domain code an HTTP status stands for, when SvelteKit itself refused a request (a body over BODY_SIZE_LIMIT is
 * 413 `too_large`); a status no code maps to is `internal`.
 */
export function codeOfStatus(status: number): ErrorCode | 'internal' {
	const match = (Object.keys(HTTP_STATUS) as ErrorCode[]).find((code) => HTTP_STATUS[code] === status);
	return match ?? 'internal';
}
