import type { z } from 'zod';
import { DomainError, type FieldErrors } from './errors';

/** Turns zod issues into one message per field (first issue wins), keyed by the dotted path. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
	const fields: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length > 0 ? issue.path.join('.') : 'input';
		fields[key] ??= issue.message;
	}
	return fields;
}

/** Parses untrusted input with a domain schema, or throws `DomainError('invalid')` naming every bad field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields = fieldErrorsOf(result.error);
	const summary = Object.entries(fields)
		.map(([field, message]) => `${field}: ${message}`)
		.join('; ');
	throw new DomainError('invalid', summary || 'The input is not valid.', fields);
}
