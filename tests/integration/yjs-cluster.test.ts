import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { aProject } from '../support/builders';
import { signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { createScratchDatabase, dropRedisPrefix, scratchRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services';
import { connectYClient, storedText, waitForDocs, type YClient } from '../support/yjs';

/**
 * A5 across nodes: two servers in this process on one PostgreSQL and one Redis. A role changed through node A
 * reaches the Yjs connections held by node B (through the adapter's `account:changed`).
 */
describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('Yjs sessions on two nodes (set TEST_DATABASE_URL and TEST_REDIS_URL)', () => {
	let database: Awaited<ReturnType<typeof createScratchDatabase>>;
	const redisPrefix = scratchRedisPrefix();
	let nodeA: TestServer;
	let nodeB: TestServer;
	const clients: YClient[] = [];

	beforeAll(async () => {
		database = await createScratchDatabase(TEST_DATABASE_URL!);
		const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL!, REDIS_PREFIX: redisPrefix };
		nodeA = await startTestServer({ env });
		nodeB = await startTestServer({ env });
	}, 60_000);

	afterAll(async () => {
		for (const client of clients) client.destroy();
		await nodeA?.close();
		await nodeB?.close();
		await database?.drop();
		await dropRedisPrefix(TEST_REDIS_URL!, redisPrefix);
	}, 60_000);

	it('[A5] a writer on node B demoted through node A can no longer write on node B', async () => {
		const docName = `notes:${(await aProject(nodeA.app)).id}`;
		const fatouPersona = await signIn(nodeA.app, 'fatou');
		const fatou = await connectYClient(nodeB.url, docName, fatouPersona.cookie, 'fatou on B', (client) => clients.push(client));
		const max = await connectYClient(nodeA.url, docName, (await signIn(nodeA.app, 'max')).cookie, 'max on A', (client) => clients.push(client));
		fatou.text.insert(0, 'Before.');
		await waitForDocs([max.doc], () => max.text.toString() === 'Before.', () => `max on A to see fatou's edit (has "${max.text}")`);

		await nodeA.app.services.accounts.changeRole(fatouPersona.actor.userId, 'citizen');
		let move = 0;
		await expect
			.poll(() => {
				fatou.provider.awareness.setLocalStateField('cursor', { anchor: ++move, head: move });
				const state = max.provider.awareness.getStates().get(fatou.doc.clientID) as { user?: { role?: string } } | undefined;
				return state?.user?.role;
			}, { timeout: 5_000, interval: 50 })
			.toBe('citizen');

		fatou.text.insert(fatou.text.length, ' After demotion.');
		await fatou.barrier('after her edit');
		// A marker from a writer that is still one, after fatou's edit: once it arrives, hers would have too.
		const maxOnB = await connectYClient(nodeB.url, docName, (await signIn(nodeA.app, 'max')).cookie, 'max on B', (client) => clients.push(client));
		maxOnB.text.insert(maxOnB.text.length, ' Marker.');
		await waitForDocs([max.doc], () => max.text.toString().endsWith('Marker.'), () => `max on A to see the marker (has "${max.text}")`);
		expect(max.text.toString()).toBe('Before. Marker.');
		await expect.poll(() => storedText(nodeA.app, docName)).toBe('Before. Marker.');
		expect(fatou.socket().readyState).toBe(WsWebSocket.OPEN);
	});
});
