import { describe, expect, it } from 'vitest';
import { signUpSchema } from './accounts';
import { parseInput } from './validation';
import { isDomainError } from './errors';

const valid = { email: 'Amira@Example.org ', password: 'a long passphrase', displayName: 'Amira' };

describe('signUpSchema', () => {
	it('normalises the e-mail', () => {
		expect(signUpSchema.parse(valid).email).toBe('amira@example.org');
	});

	it.each([
		['short', { key: 'validation_too_short', params: { min: 10 } }],
		['1234567890', { key: 'account_password_common' }],
		['aaaaaaaaaaaa', { key: 'account_password_repetitive' }],
		['amira-rocks-2026', { key: 'account_password_contains_email' }]
	])('[A3] refuses the password %j', (password, message) => {
		try {
			parseInput(signUpSchema, { ...valid, password });
			expect.unreachable();
		} catch (error) {
			expect(isDomainError(error)).toBe(true);
			expect((error as { fields: Record<string, unknown> }).fields.password).toEqual(message);
		}
	});

	it('[A3] refuses the local part inside the password only from 4 characters on', () => {
		expect(signUpSchema.safeParse({ ...valid, email: 'a@example.org', password: 'a long passphrase' }).success).toBe(true);
		expect(signUpSchema.safeParse({ ...valid, email: 'jo@example.org', password: 'enjoy long journeys' }).success).toBe(true);
		expect(signUpSchema.safeParse({ ...valid, email: 'joe@example.org', password: 'joe loves trams' }).success).toBe(true);
		expect(signUpSchema.safeParse({ ...valid, email: 'joan@example.org', password: 'joan loves trams' }).success).toBe(false);
	});

	it('names every bad field', () => {
		try {
			parseInput(signUpSchema, { email: 'nope', password: 1, displayName: '<b>' });
			expect.unreachable();
		} catch (error) {
			expect(Object.keys((error as { fields: object }).fields).sort()).toEqual(['displayName', 'email', 'password']);
		}
	});
});
