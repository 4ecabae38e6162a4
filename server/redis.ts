import { createClient } from 'redis';

/** The one Redis client of a node: Socket.io's adapter and the Yjs relay share it (the relay duplicates it to subscribe). */
export function createRedis(url: string) {
	return createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) } });
}

export type Redis = ReturnType<typeof createRedis>;
