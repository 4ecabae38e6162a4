import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/lib/server/app';
import { seededRandom } from '../../src/lib/server/demo/seeded-random';
import { createTestApp } from '../support/app';
import { aProject } from '../support/builders';
import { startNodeProcess, type NodeProcess } from '../support/node-process';
import { signIn, type SignedInPersona } from '../support/personas';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { createScratchDatabase, scratchRedisPrefix, TEST_DATABASE_URL } from '../support/services';
import { connectYClient, storedText, waitForDocs, type YClient } from '../support/yjs';

/**
 * Scale-out (issue 9): two app processes (the production entry, `npm run build` first) on one PostgreSQL and a
 * private Redis. Clients on both co-edit one document and converge; Redis is killed in the middle and started again
 * (empty), edits go on on both sides meanwhile, and they still converge, to the text both nodes stored.
 */

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe.skipIf(!TEST_DATABASE_URL || !hasRedisServer)('a document co-edited on two processes through a Redis restart (set TEST_DATABASE_URL; needs redis-server)', () => {
	let database: Awaited<ReturnType<typeof createScratchDatabase>>;
	let redis: RedisServer;
	let operator: App;
	let nodes: NodeProcess[] = [];
	const clients: YClient[] = [];

	beforeAll(async () => {
		database = await createScratchDatabase(TEST_DATABASE_URL!);
		redis = await startRedisServer();
		operator = await createTestApp({ DATABASE_URL: database.url });
		const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: scratchRedisPrefix() };
		// Two processes compiling at once on a shared machine can take longer than the default 30 s.
		nodes = await Promise.all([startNodeProcess(env, 90_000), startNodeProcess(env, 90_000)]);
	}, 150_000);

	afterAll(async () => {
		for (const client of clients) client.destroy();
		await Promise.all(nodes.map((node) => node.stop()));
		await operator?.close();
		await redis?.stop();
		await database?.drop();
	}, 60_000);

	it('[Y15] clients on both nodes converge before, during and after a Redis restart, and storage holds the same text', async () => {
		const docName = `notes:${(await aProject(operator)).id}`;
		const writers: SignedInPersona[] = [await signIn(operator, 'fatou'), await signIn(operator, 'max'), await signIn(operator, 'ada')];
		for (let i = 0; i < 6; i++) {
			const node = nodes[i % 2]!;
			clients.push(await connectYClient(node.url, docName, writers[i % 3]!.cookie, `client ${i} on node ${i % 2}`, () => {}));
		}
		const seed = Date.now() % 1_000_000;
		const random = seededRandom(seed);
		const texts = () => clients.map(({ text }) => text.toString());
		const converged = (what: string) =>
			waitForDocs(
				clients.map(({ doc }) => doc),
				() => new Set(texts()).size === 1,
				() => `${what} (seed ${seed}): ${JSON.stringify(texts())}`,
				20_000
			);
		let typed = 0;
		async function editRandomly(rounds: number, label: string): Promise<void> {
			for (let round = 0; round < rounds; round++) {
				for (const [index, { text }] of clients.entries()) {
					const piece = `${label}${index}.${round} `;
					text.insert(Math.floor(random() * (text.length + 1)), piece);
					typed += piece.length;
				}
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		}

		await editRandomly(5, 'a');
		await converged('convergence with Redis up');
		await redis.stop();
		await editRandomly(5, 'b');
		await redis.start();
		await editRandomly(5, 'c');
		await converged('convergence after the Redis restart');
		const text = clients[0]!.text.toString();
		// Nothing is ever deleted: every character typed on either side, before, during and after the outage, is there.
		expect(text.length, `seed ${seed}`).toBe(typed);
		await expect.poll(() => storedText(operator, docName), { timeout: 10_000 }).toBe(text);
	}, 120_000);
});
