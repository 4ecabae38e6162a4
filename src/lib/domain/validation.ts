import type { z } from 'zod';
import { DomainError, type FieldErrors } from './errors';
import { isDomainMessageKey, type Message } from './messages';

/**
 * The message of one zod issue. Domain schemas give message keys as their error texts; the limits of a size check
 * become parameters. An issue without one of our keys (a shape we did not foresee) is a plain "not valid".
 */
export function messageOfIssue(issue: z.core.$ZodIssue): Message {
	const key = isDomainMessageKey(issue.message) ? issue.message : 'validation_invalid';
	if (issue.code === 'too_small') return { key, params: { min: Number(issue.minimum) } };
	if (issue.code === 'too_big') return { key, params: { max: Number(issue.maximum) } };
	if (issue.code === 'custom' && issue.params) return { key, params: issue.params as Message['params'] };
	return { key };
}

/** Turns zod issues into one message per field (first issue wins), keyed by the dotted path. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
	const fields: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length > 0 ? issue.path.join('.') : 'input';
		fields[key] ??= messageOfIssue(issue);
	}
	return fields;
}

/** Parses untrusted input with a domain schema, or throws `DomainError('invalid')` naming every bad field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields = fieldErrorsOf(result.error);
	const first = Object.values(fields)[0];
	throw new DomainError('invalid', first?.key ?? 'validation_invalid', first?.params ?? {}, fields);
}
