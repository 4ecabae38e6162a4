import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawData } from 'ws';
import * as Y from 'yjs';
import type { App } from '../../src/lib/server/app';
import { acknowledgedClockIn } from '../../src/lib/realtime/yjs-acknowledged';
import { createTestApp } from '../support/app';
import { aProject } from '../support/builders';
import { startNodeProcess, type NodeProcess } from '../support/node-process';
import { signIn } from '../support/personas';
import { createScratchDatabase, TEST_DATABASE_URL } from '../support/services';
import { bytesOf, connectYClient, storedText, withTimeout, type YClient } from '../support/yjs';

/**
 * Y15 against a real crash: a separate server process (the production entry, `npm run build` first) is killed with
 * SIGKILL right after it acknowledged an edit, while its client keeps typing. Everything acknowledged is there after a
 * restart. Acknowledged means: the server sent the client a message holding the edit (its echo), which it does only
 * once the edit is stored (src/lib/realtime/yjs-acknowledged.ts, docs/API.md).
 */

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	cleanups = [];
});

/** A process on `env`, killed (if still alive) after the test. */
async function node(env: Record<string, string>): Promise<NodeProcess> {
	const started = await startNodeProcess(env);
	cleanups.push(() => {
		if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
	});
	return started;
}

async function killed(process: NodeProcess): Promise<void> {
	const gone = new Promise<void>((resolve) => process.child.once('exit', () => resolve()));
	process.child.kill('SIGKILL');
	await withTimeout(gone, 'the server process to die');
}

const dialects: { name: string; setUp: () => Promise<{ env: Record<string, string>; operator: App }> }[] = [
	{
		name: 'SQLite',
		async setUp() {
			const dataDir = mkdtempSync(join(tmpdir(), 'agora-kill-'));
			cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
			const operator = await createTestApp({ DATA_DIR: dataDir });
			cleanups.push(() => operator.close());
			return { env: { DATA_DIR: dataDir }, operator };
		}
	},
	...(TEST_DATABASE_URL
		? [
				{
					name: 'PostgreSQL',
					async setUp() {
						const database = await createScratchDatabase(TEST_DATABASE_URL!);
						cleanups.push(() => database.drop());
						const operator = await createTestApp({ DATABASE_URL: database.url });
						cleanups.push(() => operator.close());
						return { env: { DATABASE_URL: database.url }, operator };
					}
				}
			]
		: [])
];

describe.each(dialects)('acknowledged edits survive SIGKILL ($name)', ({ setUp }) => {
	it('[Y15] every edit the server acknowledged before it was killed is stored, and nothing half-written shows', async () => {
		const { env, operator } = await setUp();
		const docName = `notes:${(await aProject(operator)).id}`;
		const fatou = await signIn(operator, 'fatou');
		const first = await node(env);
		const client = await connectYClient(first.url, docName, fatou.cookie, 'fatou', (c: YClient) => cleanups.push(() => c.destroy()));
		const { doc, text } = client;

		// Typing one character at a time, a few per turn; the server is killed in the handler of its 40th acknowledgement,
		// with more edits on their way to it.
		const KILL_AT = 40;
		let acknowledgements = 0;
		let acknowledged = 0;
		let typing: NodeJS.Timeout | null = null;
		const killedAfterAck = new Promise<number>((resolve) => {
			client.socket().on('message', (data: RawData) => {
				const clock = acknowledgedClockIn(bytesOf(data), doc.clientID);
				if (clock === null || acknowledgements >= KILL_AT) return;
				acknowledged = Math.max(acknowledged, clock);
				acknowledgements += 1;
				if (acknowledgements === KILL_AT) {
					first.child.kill('SIGKILL');
					resolve(acknowledged);
				}
			});
		});
		let typed = 0;
		typing = setInterval(() => {
			for (let i = 0; i < 3; i++) text.insert(text.length, String.fromCharCode(97 + (typed++ % 26)));
		}, 2);
		const ackedAtKill = await withTimeout(killedAfterAck, `${KILL_AT} acknowledgements`, 20_000);
		clearInterval(typing);
		await killed(first);
		client.destroy();
		const typedText = text.toString();

		const second = await node(env);
		const reader = await connectYClient(second.url, docName, fatou.cookie, 'fatou after the crash', (c: YClient) => cleanups.push(() => c.destroy()));
		const storedClock = Y.getState(reader.doc.store, doc.clientID);
		expect(storedClock, `stored clock (typed ${typedText.length}, acknowledged ${ackedAtKill})`).toBeGreaterThanOrEqual(ackedAtKill);
		// One client appending one character per clock: what is stored is exactly the first `storedClock` characters.
		expect(reader.text.toString()).toBe(typedText.slice(0, storedClock));
		expect(await storedText(operator, docName)).toBe(typedText.slice(0, storedClock));
		expect(ackedAtKill, 'the client typed on past the last acknowledgement').toBeLessThan(typedText.length);
		await second.stop();
	}, 90_000);
});
