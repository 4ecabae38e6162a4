import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../domain/errors';
import { RATE_LIMITS, retryParams, type RateLimitName } from '../domain/limits';
import type { RateLimits } from './ports';

/**
 * Counters in this process's memory. With several nodes each keeps its own, so the limits hold per node; a shared
 * Redis-backed counter belongs with the ideation board's rate limits.
 */
export function createMemoryRateLimits(): RateLimits {
	const limiters = new Map(
		(Object.keys(RATE_LIMITS) as RateLimitName[]).map((name) => [
			name,
			new RateLimiterMemory({ points: RATE_LIMITS[name].attempts, duration: RATE_LIMITS[name].windowSeconds })
		])
	);
	const limiterOf = (name: RateLimitName) => limiters.get(name)!;

	return {
		async hit(name, key) {
			try {
				await limiterOf(name).consume(key);
			} catch (rejection) {
				if (rejection instanceof RateLimiterRes) throw new DomainError('rate_limited', 'rate_limited', retryParams(rejection.msBeforeNext / 1000));
				throw rejection;
			}
		},
		async giveBack(name, key) {
			await limiterOf(name).reward(key);
		}
	};
}
