/** The PostgreSQL and Redis servers the scale-out tests use, and scratch space on them. */
import pg from 'pg';
import { createClient } from 'redis';
import { randomBytes } from 'node:crypto';

/** The PostgreSQL server tests may use, or undefined (those tests then report themselves skipped). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;

/**
 * Creates a fresh, empty database on the test server, so parallel test files never see each other's rows.
 * Returns its URL and a function that drops it.
 */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `agora_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		/** Waits for the app's connections to finish closing; forcing them would fail clients that are still saying goodbye. */
		async drop() {
			const dropper = new pg.Client({ connectionString: serverUrl });
			await dropper.connect();
			try {
				for (let attempt = 0; ; attempt++) {
					try {
						await dropper.query(`drop database if exists ${name}`);
						return;
					} catch (error) {
						if (attempt >= 50 || (error as { code?: string }).code !== '55006') throw error;
						await new Promise((resolve) => setTimeout(resolve, 100));
					}
				}
			} finally {
				await dropper.end();
			}
		}
	};
}

/** A Redis key prefix no other test run uses. */
export function scratchRedisPrefix(): string {
	return `agora-test-${randomBytes(6).toString('hex')}`;
}

/** Deletes every key a test run made under its prefix (streams, recovery sessions). */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
	const redis = createClient({ url: redisUrl });
	await redis.connect();
	try {
		for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
			if (keys.length > 0) await redis.del(keys);
		}
	} finally {
		await redis.quit();
	}
}
