/**
 * R1–R3: how often sign-in and sign-up may be tried. Failures against one account are limited per address, so
 * passwords cannot be guessed and yet a stranger cannot lock the owner out (an account-wide lock would hand anyone a
 * way to silence a councillor). Attempts per address are limited because each one costs a deliberately slow hash;
 * those caps leave room for a whole town hall signing in behind one venue's Wi-Fi.
 */
export const RATE_LIMITS = {
	/** R1: failed sign-ins against one e-mail from one address. */
	signInFailuresPerAccountAndAddress: { attempts: 10, windowSeconds: 15 * 60 },
	/** R2: sign-in attempts from one address. */
	signInPerAddress: { attempts: 300, windowSeconds: 15 * 60 },
	/** R3: sign-up attempts from one address. */
	signUpPerAddress: { attempts: 60, windowSeconds: 60 * 60 }
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** The parameters of a `rate_limited` message: seconds for programs, whole minutes for people. */
export function retryParams(retryAfterSeconds: number): { retryAfterSeconds: number; minutes: number } {
	const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
	return { retryAfterSeconds: seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) };
}

/**
 * The key an address is counted under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 network, since one
 * household or phone gets a whole /64 and could otherwise step around any limit.
 */
export function addressKey(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (!address.includes(':')) return address;
	const [head = '', tail = ''] = address.toLowerCase().split('::');
	const headGroups = head ? head.split(':') : [];
	const tailGroups = tail ? tail.split(':') : [];
	const missing = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
	const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
	return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
