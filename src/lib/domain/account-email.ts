import { z } from 'zod';
import { emailSchema, passwordSchema, SESSION_TOKEN_PATTERN } from './accounts';

/** E3: how long a verification link works. */
export const VERIFY_LINK_HOURS = 48;
/** E9: how long a password-reset link works. */
export const RESET_LINK_MINUTES = 60;

/** A link's token: 32 random bytes, base64url (the same shape as a session token). */
export const linkTokenSchema = z.string({ error: 'verify_link_invalid' }).max(100, 'verify_link_invalid').regex(SESSION_TOKEN_PATTERN, 'verify_link_invalid');

/** E8: the "forgot password" form: only the address. */
export const forgotPasswordSchema = z.object({ email: emailSchema });

/** E10: the reset form: the link's token and the new password, with the sign-up rules (A3). */
export const resetPasswordSchema = z.object({
	token: z.string({ error: 'reset_link_invalid' }).max(100, 'reset_link_invalid').regex(SESSION_TOKEN_PATTERN, 'reset_link_invalid'),
	password: passwordSchema
});

/** What a link's page may say about it before it is used. */
export type LinkState = 'valid' | 'used' | 'expired' | 'unknown';

/** What a signed-in person's account says about its address (the banner, the vote gate's hint). */
export interface EmailStatus {
	readonly email: string;
	readonly verified: boolean;
}
