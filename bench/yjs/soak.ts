/**
 * `npm run bench:yjs:soak`: opens and closes 1,000 documents (a real y-websocket client each: connect, sync, type,
 * wait for the acknowledgement, leave) against one Agora node on SQLite, 20 at a time, and reports the server
 * process's heap and RSS after a full GC, before and after. The server runs in this process
 * with YJS_UNLOAD_GRACE_MS=0, so every room unloads as soon as it is stored. Figures in docs/BENCHMARKS.md.
 */
import * as Y from 'yjs';
import { aProject } from '../../tests/support/builders';
import { signIn } from '../../tests/support/personas';
import { startTestServer } from '../../tests/support/server';
import { connectYClient, type YClient } from '../../tests/support/yjs';

const DOCUMENTS = 1_000;
const AT_ONCE = 20;
const WARM_UP = 50;

// Each y-websocket provider listens for the process's exit until it is destroyed: 20 at once pass Node's default 10.
process.setMaxListeners(AT_ONCE * 2);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npm run bench:yjs:soak)');

async function settle(): Promise<{ heapMiB: number; rssMiB: number }> {
	for (let i = 0; i < 3; i++) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		gc!();
	}
	const { heapUsed, rss } = process.memoryUsage();
	return { heapMiB: heapUsed / 2 ** 20, rssMiB: rss / 2 ** 20 };
}

async function main(): Promise<void> {
	const server = await startTestServer({ env: { YJS_UNLOAD_GRACE_MS: '0' }, unlimited: true });
	try {
		const fatou = await signIn(server.app, 'fatou');
		const names: string[] = [];
		for (let i = 0; i < DOCUMENTS + WARM_UP; i++) names.push(`notes:${(await aProject(server.app)).id}`);

		async function visit(name: string, index: number): Promise<void> {
			let client: YClient | null = null;
			client = await connectYClient(server.url, name, fatou.cookie, `visit ${index}`, () => {});
			client.text.insert(0, `Visit ${index}: a few words typed into this document.`);
			await client.barrier('after typing');
			const closed = new Promise<void>((resolve) => client!.socket().once('close', () => resolve()));
			client.destroy();
			await closed;
		}
		async function visitAll(list: string[], offset: number): Promise<void> {
			for (let start = 0; start < list.length; start += AT_ONCE) {
				await Promise.all(list.slice(start, start + AT_ONCE).map((name, i) => visit(name, offset + start + i)));
			}
		}

		await visitAll(names.slice(0, WARM_UP), 0);
		const before = await settle();
		const started = performance.now();
		await visitAll(names.slice(WARM_UP), WARM_UP);
		const seconds = (performance.now() - started) / 1000;
		// Rooms unload once their compaction is stored; give the last ones a moment.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		const after = await settle();
		const check = new Y.Doc();
		for (const update of (await server.app.services.documents.load(names.at(-1)!)).updates) Y.applyUpdate(check, update);
		process.stdout.write(
			[
				`${DOCUMENTS} documents opened, edited and closed in ${seconds.toFixed(1)} s (${AT_ONCE} at a time), after ${WARM_UP} to warm up:`,
				`  heap ${before.heapMiB.toFixed(1)} MiB -> ${after.heapMiB.toFixed(1)} MiB (${(after.heapMiB - before.heapMiB).toFixed(1)})`,
				`  RSS  ${before.rssMiB.toFixed(1)} MiB -> ${after.rssMiB.toFixed(1)} MiB (${(after.rssMiB - before.rssMiB).toFixed(1)})`,
				`  last document stored: "${check.getText('notes').toString()}"`,
				''
			].join('\n')
		);
	} finally {
		await server.close();
	}
}

await main();
