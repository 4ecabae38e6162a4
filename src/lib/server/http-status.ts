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
