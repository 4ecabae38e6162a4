/** The only failure codes a service may raise; transports map them to HTTP statuses and socket acks. */
export const ERROR_CODES = [
	'invalid',
	'unauthenticated',
	'forbidden',
	'not_found',
	'conflict',
	'rate_limited',
	'too_large'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Field name -> human message, for errors that belong beside a form field. */
export type FieldErrors = Partial<Record<string, string>>;

/** Facts about a failure that clients act on without reading its words. */
export interface ErrorDetails {
	/** `rate_limited`: whole seconds until the next attempt can succeed. */
	readonly retryAfterSeconds?: number;
}

export class DomainError extends Error {
	readonly code: ErrorCode;
	readonly fields?: FieldErrors;
	readonly retryAfterSeconds?: number;

	constructor(code: ErrorCode, message: string, fields?: FieldErrors, details: ErrorDetails = {}) {
		super(message);
		this.name = 'DomainError';
		this.code = code;
		if (fields) this.fields = fields;
		if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
	}
}

/**
 * SvelteKit's bundle and our server load separate copies of this module, so `instanceof` cannot be trusted across
 * that line: recognise a domain error by its shape.
 */
export function isDomainError(value: unknown): value is DomainError {
	if (typeof value !== 'object' || value === null) return false;
	const code = (value as { code?: unknown }).code;
	return (
		(value as { name?: unknown }).name === 'DomainError' &&
		typeof code === 'string' &&
		(ERROR_CODES as readonly string[]).includes(code)
	);
}
