import { createClient } from 'redis';
import { withTimeout } from './timeout';

/** About a minute of a busy node's broadcasts and relayed edits. */
const COMMAND_QUEUE_LIMIT = 10_000;

/** The one Redis client of a node: Socket.io's adapter and the Yjs relay share it (the relay duplicates it to subscribe). */
export function createRedis(url: string) {
	return createClient({
		url,
		socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) },
		// During an outage commands wait in memory; past this many, new ones fail at once (broadcasts then go to this
		// node's clients without a recovery offset) instead of growing memory without bound.
		commandsQueueMaxLength: COMMAND_QUEUE_LIMIT,
		// node-redis otherwise fails a command that waited 5 s, so the adapter delivers that broadcast on this node
		// only; waiting is bounded by the queue's length instead. What is lost all the same (commands on the wire when
		// the link drops, a restarted Redis's stream) is sent again after recovery (see outage-resync.ts).
		commandOptions: { timeout: 0 }
	});
}

export type Redis = ReturnType<typeof createRedis>;

/** How long a start waits for Redis before giving up: a node that cannot fan out must not pretend it can. */
const CONNECT_TIMEOUT_MS = 5_000;
const QUIT_TIMEOUT_MS = 2_000;

/** Connects, or throws an error naming REDIS_URL (with any password hidden) after CONNECT_TIMEOUT_MS. */
export async function connectRedis(redis: Redis, url: string): Promise<void> {
	const connecting = redis.connect();
	// After a time-out, destroy() rejects the pending connect: that outcome is already reported below.
	connecting.catch(() => {});
	try {
		await withTimeout(connecting, CONNECT_TIMEOUT_MS, 'timed out');
	} catch (error) {
		redis.destroy();
		const shown = new URL(url);
		if (shown.password) shown.password = '***';
		throw new Error(`REDIS_URL: could not reach Redis at ${shown.toString()} within ${CONNECT_TIMEOUT_MS / 1000} s (${(error as Error).message})`, {
			cause: error
		});
	}
}

/** Quits politely, or drops the connection when Redis does not answer (e.g. during an outage). */
export async function quitRedis(redis: Redis): Promise<void> {
	if (!redis.isOpen) return;
	try {
		await withTimeout(redis.quit(), QUIT_TIMEOUT_MS, 'Redis did not answer QUIT');
	} catch {
		redis.destroy();
	}
}
