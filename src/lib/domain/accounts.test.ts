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
		['short', 'Use at least 10 characters.'],
		['1234567890', 'This password is too common.'],
		['aaaaaaaaaaaa', 'Use a less repetitive password.'],
		['amira-rocks-2026', 'Do not use your e-mail address in your password.']
	])('[A3] refuses the password %j', (password, message) => {
		try {
			parseInput(signUpSchema, { ...valid, password });
			expect.unreachable();
		} catch (error) {
			expect(isDomainError(error)).toBe(true);
			expect((error as { fields: Record<string, string> }).fields.password).toBe(message);
		}
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
