import { z } from 'zod';
import { roleSchema } from './actors';
import { personText } from './text';

/** A-rule A3: passwords are at least this long; length beats composition rules. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const DISPLAY_NAME_MIN = 2;
export const DISPLAY_NAME_MAX = 60;

/** The most common passwords of at least MIN_PASSWORD_LENGTH characters, lower-cased. */
const COMMON_PASSWORDS = new Set([
	'1234567890',
	'0123456789',
	'12345678910',
	'1q2w3e4r5t',
	'qwertyuiop',
	'password12',
	'password123',
	'password1234',
	'iloveyou12',
	'azertyuiop',
	'qwerty1234',
	'qwerty12345',
	'1111111111',
	'aaaaaaaaaa',
	'abcdefghij',
	'letmein123',
	'welcome123',
	'motdepasse',
	'wachtwoord',
	'brussels123',
	'bruxelles123'
]);
/** A3: the e-mail's local part is refused inside a password from this length on. */
const MIN_LOCAL_PART_IN_PASSWORD = 4;

export const emailSchema = z
	.string({ error: 'account_email_required' })
	.trim()
	.toLowerCase()
	.min(1, 'account_email_required')
	.max(254, 'account_email_too_long')
	.pipe(z.email({ error: 'account_email_invalid' }));

/**
 * Length and variety; "not a common password" (A3) is checked on the server against a list too large for the browser
 * (src/lib/server/common-passwords.ts).
 */
export const passwordSchema = z
	.string({ error: 'account_password_required' })
	.min(MIN_PASSWORD_LENGTH, 'validation_too_short')
	.max(MAX_PASSWORD_LENGTH, 'validation_too_long')
	.refine((password) => !COMMON_PASSWORDS.has(password.toLowerCase()), 'account_password_common')
	.refine((password) => new Set(password).size >= 4, 'account_password_repetitive');

/**
 * A6: the words that name the city's staff in the three languages. A citizen's name may not read as one of them,
 * however it is spelled (accents, other alphabets' look-alikes, look-alike digits and letters, separators): nobody
 * passes for "the City" or "the Mayor". Whole words only (and long ones glued to another word), so "Mairead",
 * "Staffan" or "Lemaire" stay welcome.
 */
const STAFF_WORDS = [
	'admin', 'administrator', 'administrateur', 'administratrice', 'beheerder', 'moderator', 'moderateur', 'moderatrice',
	'mod', 'facilitator', 'facilitateur', 'facilitatrice', 'animateur', 'animatrice', 'mayor', 'bourgmestre',
	'burgemeester', 'echevin', 'echevine', 'schepen', 'wethouder', 'conseiller', 'conseillere', 'raadslid', 'council',
	'councillor', 'official', 'officiel', 'officielle', 'officieel', 'staff', 'cityhall', 'townhall', 'hoteldeville',
	'mairie', 'mairede', 'stadhuis', 'gemeentehuis', 'gemeente', 'villede', 'cityof', 'stadbrussel', 'agora'
];
/**
 * One "skeleton" for letters that look alike (in the spirit of Unicode TR39): Cyrillic and Greek twins of Latin
 * letters, digits and signs used as letters, and l/I/! for i. Names and words both go through it.
 */
const LOOK_ALIKES: Record<string, string> = {
	а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i',
	ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'm', ν: 'v',
	ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a',
	$: 's', '|': 'i', '!': 'i', l: 'i'
};
// None of the keys is special inside a character class (no closing bracket, backslash, caret or dash).
const LOOK_ALIKE_PATTERN = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

function skeleton(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(LOOK_ALIKE_PATTERN, (character) => LOOK_ALIKES[character] ?? character)
		.replace(/rn/g, 'm')
		.replace(/vv/g, 'w');
}
const STAFF_SKELETONS = new Set(STAFF_WORDS.map(skeleton));

function readsAsStaffWord(token: string): boolean {
	if (STAFF_SKELETONS.has(token)) return true;
	for (const word of STAFF_SKELETONS) {
		if (word.length >= 5 && token.length > word.length && (token.endsWith(word) || (word.length >= 7 && token.startsWith(word)))) return true;
	}
	return false;
}

/** A6: whether a display name reads as one of the staff's titles once accents, look-alikes and separators go. */
export function imitatesStaff(name: string): boolean {
	const tokens = skeleton(name)
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);
	const pairs = tokens.slice(1).map((token, index) => tokens[index] + token);
	return [...tokens, ...pairs, tokens.join('')].some(readsAsStaffWord);
}

export const displayNameSchema = personText({ kind: 'line', min: DISPLAY_NAME_MIN, max: DISPLAY_NAME_MAX, required: 'account_name_required' }).refine(
	(name) => !/[<>]/.test(name),
	'validation_forbidden_characters'
);

/** A1/A6: what a citizen signs up with; staff accounts are provisioned by the operator and may carry staff titles. */
export const signUpSchema = z
	.object({
		email: emailSchema,
		password: passwordSchema,
		displayName: displayNameSchema.refine((name) => !imitatesStaff(name), 'account_name_imitates_staff')
	})
	// A short local part ("a", "jo") is inside countless good passwords: only 4+ characters say something.
	.refine((input) => {
		const localPart = input.email.split('@')[0] ?? '';
		return localPart.length < MIN_LOCAL_PART_IN_PASSWORD || !input.password.toLowerCase().includes(localPart);
	}, {
		path: ['password'],
		message: 'account_password_contains_email'
	});

/** What the operator provisions (demo seeding, first admin): the same checks, but staff may be named as staff. */
export const provisionSchema = z.object({ email: emailSchema, password: passwordSchema, displayName: displayNameSchema });

/**
 * AD1: what the operator's first-admin command and an accepted staff invitation create: the citizen's password rules
 * (A3, the e-mail's local part included), but a staff member may be named as staff.
 */
export const staffAccountSchema = provisionSchema.refine(
	(input) => {
		const localPart = input.email.split('@')[0] ?? '';
		return localPart.length < MIN_LOCAL_PART_IN_PASSWORD || !input.password.toLowerCase().includes(localPart);
	},
	{ path: ['password'], message: 'account_password_contains_email' }
);

/** Sign-in checks only shape: strength rules would tell an attacker which passwords cannot exist. */
export const signInSchema = z.object({
	email: emailSchema,
	password: z.string({ error: 'account_password_enter' }).min(1, 'account_password_enter').max(MAX_PASSWORD_LENGTH, 'validation_too_long')
});

export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface Account {
	readonly id: string;
	readonly email: string;
	readonly displayName: string;
	readonly role: z.infer<typeof roleSchema>;
}
