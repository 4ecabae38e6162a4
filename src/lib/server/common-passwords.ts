import { dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH } from '../domain/accounts';

/**
 * A3's "not among the most common passwords": zxcvbn's list of about 49,000 leaked passwords (lower-case), of which
 * only those long enough to pass the length rule need keeping. Server-only: the list is 380 kB, far too much for the
 * sign-up page to download.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common'].filter((password) => password.length >= MIN_PASSWORD_LENGTH));

export function isCommonPassword(password: string): boolean {
	return COMMON_PASSWORDS.has(password.toLowerCase());
}
