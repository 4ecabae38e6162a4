import { error as httpError, type ActionFailure, fail } from '@sveltejs/kit';
import { isDomainError, type DomainError, type ErrorCode } from '../domain/errors';
import { describeDomainError } from '../i18n/domain-messages';
import { getLocale } from '../paraglide/runtime.js';
import { HTTP_STATUS } from './http-status';

/** `rate_limited`: whole seconds until trying again can succeed, beside the words, for programs. */
const retryOf = (error: DomainError) => (error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {});

/**
 * For `load` and `+server.ts`: a DomainError becomes an HTTP error page/response in the request's language (Paraglide's
 * middleware set it); anything else propagates.
 */
export function rethrowAsHttp(error: unknown): never {
	if (isDomainError(error)) {
		const { message, code, key, params } = describeDomainError(error, getLocale());
		httpError(HTTP_STATUS[error.code], { message, code, key, params, ...retryOf(error) });
	}
	throw error;
}

export interface FormFailure {
	message: string;
	code: ErrorCode;
	fields: Readonly<Record<string, string>>;
	/** `rate_limited`: whole seconds until trying again can succeed. */
	retryAfterSeconds?: number;
	[key: string]: unknown;
}

/**
 * For form actions: a DomainError becomes `fail(status, { message, code, fields, ...echo })` in the request's
 * language, keeping what was typed.
 */
export function failFromDomain(error: unknown, echo: Record<string, unknown> = {}): ActionFailure<FormFailure> {
	if (!isDomainError(error)) throw error;
	const { message, code, params, fields = {} } = describeDomainError(error, getLocale());
	return fail(HTTP_STATUS[error.code], { ...echo, message, code, params, fields, ...retryOf(error) });
}
