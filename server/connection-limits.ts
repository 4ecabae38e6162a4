import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { CONNECTION_LIMITS, addressKey, rateLimitedError, type ConnectionLimitNumbers } from '../src/lib/domain/limits';
import type { DomainError } from '../src/lib/domain/errors';

/** Who opens a connection: always an address, an account once the session is known. */
export interface ConnectionKeys {
	readonly address: string;
	readonly account?: string;
}

/** A connection that was let in; `release` when it closes (calling it twice is harmless). */
export interface Admission {
	release(): void;
}

/**
 * R7: caps on concurrent live connections and on handshakes, per address (an IPv6 /64 is one) and per account, in
 * this node's memory. Transport-agnostic: Socket.io's middleware uses it today, and the Yjs upgrade can take the same
 * counters. Refusals are `rate_limited` DomainErrors carrying `retryAfterSeconds`.
 */
export function createConnectionLimits(numbers: ConnectionLimitNumbers = CONNECTION_LIMITS) {
	const open = new Map<string, number>();
	const handshakes = {
		address: new RateLimiterMemory({ points: numbers.handshakesPerAddress.points, duration: numbers.handshakesPerAddress.windowSeconds }),
		account: new RateLimiterMemory({ points: numbers.handshakesPerAccount.points, duration: numbers.handshakesPerAccount.windowSeconds })
	};
	const slotKeys = (keys: ConnectionKeys) => {
		const slots: { key: string; cap: number }[] = [{ key: `address ${addressKey(keys.address)}`, cap: numbers.openPerAddress }];
		if (keys.account) slots.push({ key: `account ${keys.account}`, cap: numbers.openPerAccount });
		return slots;
	};

	async function countHandshake(limiter: RateLimiterMemory, key: string): Promise<DomainError | null> {
		try {
			await limiter.consume(key);
			return null;
		} catch (rejection) {
			if (rejection instanceof RateLimiterRes) return rateLimitedError(rejection.msBeforeNext / 1000);
			throw rejection;
		}
	}

	return {
		/** Counts a handshake from an address: call it first, before any costly work such as reading the session. */
		handshakeFrom(address: string): Promise<DomainError | null> {
			return countHandshake(handshakes.address, addressKey(address));
		},

		/** Counts a handshake of a signed-in account, once its session is known. */
		handshakeOf(account: string): Promise<DomainError | null> {
			return countHandshake(handshakes.account, account);
		},

		/**
		 * Takes a slot for a new connection under each of its keys, or refuses when any is full (then it takes none).
		 * Synchronous, so two connections arriving together cannot both take the last slot.
		 */
		admit(keys: ConnectionKeys): Admission | DomainError {
			const slots = slotKeys(keys);
			if (slots.some(({ key, cap }) => (open.get(key) ?? 0) >= cap)) {
				// A slot frees as soon as someone leaves; ask the client to wait a little rather than hammer.
				return rateLimitedError(30);
			}
			for (const { key } of slots) open.set(key, (open.get(key) ?? 0) + 1);
			let released = false;
			return {
				release() {
					if (released) return;
					released = true;
					for (const { key } of slots) {
						const left = (open.get(key) ?? 1) - 1;
						if (left > 0) open.set(key, left);
						else open.delete(key);
					}
				}
			};
		},
	};
}
