import { createClient } from 'redis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import { LIMITS, rateLimitedError, type LimitName, type LimitSubject, type LimitWindow } from '../domain/limits';
import type { RateLimits } from './ports';

/** Redis connection of the limits; separate from Socket.io's so a full broadcast queue never delays a write check. */
function createLimitsRedis(url: string) {
	return createClient({
		url,
		socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2_000), connectTimeout: 5_000 },
		// During an outage a check must fail at once (and fall back to memory), never wait in a queue for Redis.
		disableOfflineQueue: true
	});
}
type LimitsRedis = ReturnType<typeof createLimitsRedis>;
const QUIT_TIMEOUT_MS = 2_000;

interface Counter {
	readonly window: LimitWindow;
	readonly limiter: RateLimiterAbstract;
}

function countersOf(limiterFor: (name: LimitName, index: number, window: LimitWindow) => RateLimiterAbstract): Map<LimitName, Counter[]> {
	return new Map(
		(Object.keys(LIMITS) as LimitName[]).map((name) => [
			name,
			LIMITS[name].map((window, index) => ({ window, limiter: limiterFor(name, index, window) }))
		])
	);
}

function keyOf(window: LimitWindow, subject: LimitSubject): string | undefined {
	return window.per === 'account' ? subject.account : subject.address;
}

function limitsOver(counters: Map<LimitName, Counter[]>): RateLimits {
	return {
		async take(name, subject) {
			const taken: { limiter: RateLimiterAbstract; key: string }[] = [];
			for (const { window, limiter } of counters.get(name)!) {
				const key = keyOf(window, subject);
				if (key === undefined) continue;
				try {
					await limiter.consume(key);
					taken.push({ limiter, key });
				} catch (rejection) {
					if (!(rejection instanceof RateLimiterRes)) throw rejection;
					// A refused attempt costs nothing in the other windows: a client retrying too fast is held back for
					// the short window, not locked out for the day.
					await Promise.all(taken.map((point) => point.limiter.reward(point.key)));
					throw rateLimitedError(rejection.msBeforeNext / 1000);
				}
			}
		},
		async giveBack(name, subject) {
			for (const { window, limiter } of counters.get(name)!) {
				const key = keyOf(window, subject);
				if (key !== undefined) await limiter.reward(key);
			}
		}
	};
}

const memoryLimiter = (window: LimitWindow, keyPrefix: string) =>
	new RateLimiterMemory({ points: window.points, duration: window.windowSeconds, keyPrefix });

/** Counters in this process's memory: the limits hold per node. */
function createMemoryRateLimits(): RateLimits {
	return limitsOver(countersOf((name, index, window) => memoryLimiter(window, `${name}:${index}`)));
}

/** For operator tools that replay many writes through the services (demo seeding); never for a transport. */
export const UNLIMITED: RateLimits = Object.freeze({ take: async () => {}, giveBack: async () => {} });

export interface OpenedRateLimits {
	readonly limits: RateLimits;
	close(): Promise<void>;
}

/**
 * Counters shared by every node through Redis (`<prefix>:limit:<command>:<window>:<key>`), or in memory without
 * REDIS_URL. When Redis is unreachable each check falls back at once to an in-memory counter with the same numbers
 * (rate-limiter-flexible's insurance limiter): a Redis outage must not stop a town hall, and the limits still hold
 * per node meanwhile, so a flood is bounded by the number of nodes times the limit, never unlimited.
 */
export async function openRateLimits(options: { redisUrl: string | null; prefix: string; log: Logger }): Promise<OpenedRateLimits> {
	if (!options.redisUrl) return { limits: createMemoryRateLimits(), close: async () => {} };
	const redis: LimitsRedis = createLimitsRedis(options.redisUrl);
	let reported = false;
	redis.on('error', (error: unknown) => {
		// One line per outage, not one per reconnection attempt.
		if (!reported) options.log.warn({ err: error }, 'rate limits: Redis unreachable, counting in memory until it is back');
		reported = true;
	});
	redis.on('ready', () => (reported = false));
	// A node may start while Redis is down: it counts in memory and switches over once connected.
	redis.connect().catch((error: unknown) => options.log.warn({ err: error }, 'rate limits: could not connect to Redis yet'));
	const counters = countersOf((name, index, window) => {
		const keyPrefix = `${options.prefix}:limit:${name}:${index}`;
		return new RateLimiterRedis({
			storeClient: redis,
			useRedisPackage: true,
			rejectIfRedisNotReady: true,
			keyPrefix,
			points: window.points,
			duration: window.windowSeconds,
			insuranceLimiter: memoryLimiter(window, keyPrefix)
		});
	});
	return {
		limits: limitsOver(counters),
		async close() {
			// A client still trying to reach Redis would wait for it to QUIT: drop it instead, and never wait long.
			if (!redis.isReady) return void (redis.isOpen && redis.destroy());
			const gaveUp = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), QUIT_TIMEOUT_MS).unref());
			const outcome = await Promise.race([redis.quit().catch(() => 'failed' as const), gaveUp]);
			if (outcome === 'timeout' || outcome === 'failed') redis.destroy();
		}
	};
}
