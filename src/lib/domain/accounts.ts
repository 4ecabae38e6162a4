import { z } from 'zod';
import { roleSchema } from './actors';

/** A-rule A3: passwords are at least this long; length beats composition rules. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
/** A3: the e-mail's local part is refused inside a password from this length on. */
const MIN_LOCAL_PART_IN_PASSWORD = 4;

export const emailSchema = z
	.string({ error: 'Enter your e-mail address.' })
	.trim()
	.toLowerCase()
	.max(254, 'That e-mail address is too long.')
	.pipe(z.email({ error: 'Enter a valid e-mail address.' }));

/**
 * Length and variety; "not a common password" (A3) is checked on the server against a list too large for the browser
 * (src/lib/server/common-passwords.ts).
 */
export const passwordSchema = z
	.string({ error: 'Enter a password.' })
	.min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
	.max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)
	.refine((password) => new Set(password).size >= 4, 'Use a less repetitive password.');

export const displayNameSchema = z
	.string({ error: 'Enter the name other people will see.' })
	.trim()
	.min(2, 'Use at least 2 characters.')
	.max(60, 'Use at most 60 characters.')
	// Control characters are exactly what this rule rejects.
	// eslint-disable-next-line no-control-regex
	.refine((name) => !/[\u0000-\u001f<>]/.test(name), 'Use letters, digits and ordinary punctuation.');

export const signUpSchema = z
	.object({
		email: emailSchema,
		password: passwordSchema,
		displayName: displayNameSchema
	})
	// A short local part ("a", "jo") is inside countless good passwords: only 4+ characters say something.
	.refine((input) => {
		const localPart = input.email.split('@')[0] ?? '';
		return localPart.length < MIN_LOCAL_PART_IN_PASSWORD || !input.password.toLowerCase().includes(localPart);
	}, {
		path: ['password'],
		message: 'Do not use your e-mail address in your password.'
	});

/** Sign-in checks only shape: strength rules would tell an attacker which passwords cannot exist. */
export const signInSchema = z.object({
	email: emailSchema,
	password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(MAX_PASSWORD_LENGTH)
});

export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface Account {
	readonly id: string;
	readonly email: string;
	readonly displayName: string;
	readonly role: z.infer<typeof roleSchema>;
}
