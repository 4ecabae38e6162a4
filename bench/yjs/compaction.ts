/**
 * `npm run bench:yjs:compaction`: how long a document with 10,000 edits in its history takes to load (read every
 * stored row and apply it to a Y.Doc, as a room does), stored as 10,000 rows and after compaction into one snapshot.
 * A real SQLite file; medians of 20 loads each. The snapshot is made as rooms make it (compactedSnapshot). Figures in docs/BENCHMARKS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createApp } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { compactedSnapshot } from '../../server/yjs/persistence';

const EDITS = 10_000;
const LOADS = 20;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
	const dataDir = mkdtempSync(join(tmpdir(), 'agora-bench-compaction-'));
	const app = await createApp(readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
	const documents = app.services.documents;
	const name = 'notes:bench';
	try {
		// One person typing and now and then deleting: one stored row per keystroke, as a room without batching would.
		const writer = new Y.Doc();
		const updates: Uint8Array[] = [];
		writer.on('update', (update: Uint8Array) => updates.push(update));
		const text = writer.getText('notes');
		for (let i = 0; i < EDITS; i++) {
			if (i % 10 === 9 && text.length > 0) text.delete(text.length - 1, 1);
			else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
		}
		for (const update of updates) await documents.append(name, update);
		const expected = text.toString();

		async function timeLoads(): Promise<{ ms: number; rows: number; bytes: number }> {
			const times: number[] = [];
			let rows = 0;
			let bytes = 0;
			for (let i = 0; i < LOADS; i++) {
				const start = performance.now();
				const stored = await documents.load(name);
				const doc = new Y.Doc();
				Y.transact(doc, () => stored.updates.forEach((update) => Y.applyUpdate(doc, update)));
				times.push(performance.now() - start);
				if (doc.getText('notes').toString() !== expected) throw new Error('the loaded document differs from what was typed');
				rows = stored.updates.length;
				bytes = stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
				doc.destroy();
			}
			return { ms: median(times), rows, bytes };
		}

		const before = await timeLoads();
		const stored = await documents.load(name);
		const merged = Y.mergeUpdates(stored.updates).byteLength;
		const compactStart = performance.now();
		await documents.compact(name, compactedSnapshot(stored.updates), stored.ids);
		const compactMs = performance.now() - compactStart;
		const after = await timeLoads();
		process.stdout.write(
			[
				`${EDITS.toLocaleString('en')} edits (${updates.length} updates), SQLite, median of ${LOADS} loads:`,
				`  as stored, ${before.rows} rows, ${before.bytes} bytes: ${before.ms.toFixed(1)} ms`,
				`  compacted (${compactMs.toFixed(0)} ms), ${after.rows} row, ${after.bytes} bytes (Y.mergeUpdates alone: ${merged} bytes): ${after.ms.toFixed(2)} ms`,
				''
			].join('\n')
		);
	} finally {
		await app.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

await main();
