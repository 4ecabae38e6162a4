import type { DomainMessageKey, Message, MessageParams } from './messages';

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

/** Field name -> what to tell the person beside that field. */
export type FieldErrors = Partial<Record<string, Message>>;

/**
 * An expected failure: a code for programs, and a message key with parameters for people (translated at the edge).
 * `message` (for logs) is the key.
 */
export class DomainError extends Error {
	readonly code: ErrorCode;
	readonly key: DomainMessageKey;
	readonly params: MessageParams;
	readonly fields?: FieldErrors;
	/** `rate_limited`: whole seconds until the next attempt can succeed (also among the params), for programs. */
	readonly retryAfterSeconds?: number;

	constructor(code: ErrorCode, key: DomainMessageKey, params: MessageParams = {}, fields?: FieldErrors) {
		super(key);
		this.name = 'DomainError';
		this.code = code;
		this.key = key;
		this.params = params;
		if (fields) this.fields = fields;
		if (typeof params.retryAfterSeconds === 'number') this.retryAfterSeconds = params.retryAfterSeconds;
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
