import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { aProject } from '../support/builders';
import { signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { connectYClient, storedText, waitForDocs, type YClient } from '../support/yjs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('[MO6] a block reaches open Yjs connections', () => {
	let server: TestServer;
	const clients: YClient[] = [];
	beforeAll(async () => {
		server = await startTestServer({ unlimited: true });
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await server.close();
	});

	it('a co-author blocked mid-edit becomes a reader: later edits reach neither another client nor storage; a fresh connection reads only', async () => {
		const { app } = server;
		const [amira, max] = await Promise.all([signIn(app, 'amira'), signIn(app, 'max')]);
		const project = await aProject(app);
		const draft = await app.services.drafts.create(amira.actor, { projectId: project.id, title: 'Benches on the square', visibility: 'public' });
		const docName = `draft:${draft.id}`;
		const writer = await connectYClient(server.url, docName, amira.cookie, 'amira', (client) => clients.push(client));
		const reader = await connectYClient(server.url, docName, max.cookie, 'max', (client) => clients.push(client));
		writer.text.insert(0, 'Before.');
		await waitForDocs([reader.doc], () => reader.text.toString() === 'Before.', () => `max to see amira's edit (has "${reader.text}")`);

		await app.services.moderation.block(max.actor, { userId: amira.actor.userId, reason: 'spam' });
		// The re-check runs on account.changed; give it a moment (it is a store read and a flag).
		await sleep(300);
		writer.text.insert(writer.text.length, ' After the block.');
		await writer.barrier('after the blocked edit');
		await reader.barrier('after amira edited');
		expect(reader.text.toString()).toBe('Before.');
		expect(await storedText(app, docName)).toBe('Before.');
		expect(writer.socket().readyState, 'a blocked account still reads').toBe(WsWebSocket.OPEN);

		const again = await connectYClient(server.url, docName, amira.cookie, 'amira again', (client) => clients.push(client));
		again.text.insert(0, 'Sneaky. ');
		await again.barrier('after the reconnected edit');
		expect(await storedText(app, docName)).toBe('Before.');
	});
});
