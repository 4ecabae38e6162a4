import { afterEach, describe, expect, it } from 'vitest';
import { aProject } from '../support/builders';
import { signIn } from '../support/personas';
import { startTestServer, type TestServer } from '../support/server';
import { connectYClient, storedText, withTimeout, type YClient } from '../support/yjs';

/**
 * Y14: a document stays loaded for YJS_UNLOAD_GRACE_MS after its last connection left, its updates stored at once;
 * then it is compacted (its log becomes one snapshot) and unloaded. The compaction is what tells, from storage, that
 * the room went away.
 */

const GRACE_MS = 1_500;
let server: TestServer | null = null;
let clients: YClient[] = [];

afterEach(async () => {
	for (const client of clients) client.destroy();
	clients = [];
	await server?.close();
	server = null;
});

async function rows(target: TestServer, docName: string): Promise<number> {
	return (await target.app.services.documents.load(docName)).updates.length;
}

async function until(predicate: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('unloading (Y14)', () => {
	it('[Y14] the last connection leaving stores everything at once; the room is compacted and unloaded after the grace period, unless someone comes back', async () => {
		const target = (server = await startTestServer({ env: { YJS_UNLOAD_GRACE_MS: String(GRACE_MS) } }));
		const docName = `notes:${(await aProject(target.app)).id}`;
		const fatou = await signIn(target.app, 'fatou');
		const writer = await connectYClient(target.url, docName, fatou.cookie, 'fatou', (client) => clients.push(client));
		for (const word of ['One. ', 'Two. ', 'Three. ']) {
			writer.text.insert(writer.text.length, word);
			await writer.barrier(`after "${word}"`);
		}
		const left = withTimeout(new Promise<void>((resolve) => writer.socket().once('close', () => resolve())), 'the writer to leave');
		writer.destroy();
		await left;
		expect(await storedText(target.app, docName)).toBe('One. Two. Three. ');
		expect(await rows(target, docName), 'not compacted yet: still loaded').toBeGreaterThan(1);

		// Back within the grace period (a reload): the same room, which then stays loaded past the grace period.
		const back = await connectYClient(target.url, docName, fatou.cookie, 'fatou (reloaded)', (client) => clients.push(client));
		expect(back.text.toString()).toBe('One. Two. Three. ');
		await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 2));
		expect(await rows(target, docName), 'a connected room is not unloaded').toBeGreaterThan(1);

		const leftAgain = withTimeout(new Promise<void>((resolve) => back.socket().once('close', () => resolve())), 'the reloaded tab to leave');
		back.destroy();
		await leftAgain;
		await until(async () => (await rows(target, docName)) === 1, 'the room to be compacted and unloaded');
		expect(await storedText(target.app, docName)).toBe('One. Two. Three. ');
	});
});
