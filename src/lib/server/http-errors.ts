import { error as httpError, type ActionFailure, fail } from '@sveltejs/kit';
import { isDomainError, type DomainError, type ErrorCode, type FieldErrors } from '../domain/errors';
import { HTTP_STATUS } from './http-status';

/** For `load` and `+server.ts`: a DomainError becomes an HTTP error page/response; anything else propagates. */
export function rethrowAsHttp(error: unknown): never {
	if (isDomainError(error)) httpError(HTTP_STATUS[error.code], { message: error.message, code: error.code, ...retryOf(error) });
	throw error;
}

const retryOf = (error: DomainError) => (error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {});

export interface FormFailure {
	message: string;
	code: ErrorCode;
	fields: FieldErrors;
	/** `rate_limited`: whole seconds until trying again can succeed. */
	retryAfterSeconds?: number;
	[key: string]: unknown;
}

/** For form actions: a DomainError becomes `fail(status, { message, code, fields, ...echo })`, keeping what was typed. */
export function failFromDomain(error: unknown, echo: Record<string, unknown> = {}): ActionFailure<FormFailure> {
	if (!isDomainError(error)) throw error;
	return fail(HTTP_STATUS[error.code], { ...echo, message: error.message, code: error.code, fields: error.fields ?? {}, ...retryOf(error) });
}
