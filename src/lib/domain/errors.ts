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

export class DomainError extends Error {
	readonly code: ErrorCode;
	readonly fields?: FieldErrors;

	constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
		super(message);
		this.name = 'DomainError';
		this.code = code;
		if (fields) this.fields = fields;
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
