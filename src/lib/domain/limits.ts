/**
 * R1–R3: how often one account or one network address may try to sign in or sign up. Failed sign-ins against one
 * account are limited so passwords cannot be guessed; all attempts from one address are limited because each one
 * costs the server a deliberately slow password hash.
 */
export const RATE_LIMITS = {
	/** R1: failed sign-ins against one e-mail address. */
	signInFailuresPerAccount: { attempts: 10, windowSeconds: 15 * 60 },
	/** R2: sign-in attempts from one network address. */
	signInPerAddress: { attempts: 60, windowSeconds: 15 * 60 },
	/** R3: sign-up attempts from one network address. */
	signUpPerAddress: { attempts: 10, windowSeconds: 60 * 60 }
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

export function rateLimitedMessage(retryAfterSeconds: number): string {
	const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
	return `Too many attempts. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
