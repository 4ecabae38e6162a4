/**
 * What one history request costs on a long draft (D34, D36, D38): rendering a version, comparing it with the current
 * text, and the update a restore sends. References in the same run: the textbook longest-common-subsequence table
 * (what a word diff costs without Myers' algorithm) and a restore that replaces the whole body.
 *
 *   npx tsx bench/history/run.ts [--paragraphs 100,500,2000] [--repeat 5]
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { contentOf, restoreUpdate } from '../../src/lib/server/draft-content';
import { bodyHtmlOf } from '../../src/lib/server/draft-html';
import { markChanges } from '../../src/lib/server/html-diff';
import { HISTORY_LIMITS } from '../../src/lib/domain/document-history';
import { appendParagraph } from '../../tests/support/draft-documents';

const args = new Map(process.argv.slice(2).map((arg, index, all) => [arg, all[index + 1] ?? '']));
const sizes = (args.get('--paragraphs') || '100,500,2000').split(',').map(Number);
const repeat = Number(args.get('--repeat') || 5);

const WORDS = ['trees', 'square', 'benches', 'shade', 'children', 'water', 'bikes', 'market', 'light', 'quiet', 'summer', 'street'];
const sentence = (seed: number) => Array.from({ length: 14 }, (_, index) => WORDS[(seed * 7 + index * 5) % WORDS.length]).join(' ');

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}
function time<T>(work: () => T): { ms: number; value: T } {
	const times: number[] = [];
	let value!: T;
	for (let run = 0; run < repeat; run++) {
		const start = performance.now();
		value = work();
		times.push(performance.now() - start);
	}
	return { ms: median(times), value };
}

/** The textbook table: O(N·M) time and memory, the reference for Myers' O((N+M)·D). */
function tableLcs(a: readonly string[], b: readonly string[]): number {
	let previous = new Uint32Array(b.length + 1);
	let current = new Uint32Array(b.length + 1);
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
		[previous, current] = [current, previous];
	}
	return previous[b.length]!;
}

console.log(`history bench, medians of ${repeat} runs, Node ${process.version}`);
console.log('| document | render a version | compare with now | restore update | marked |');
console.log('|---|---:|---:|---:|---:|');
for (const paragraphs of sizes) {
	const doc = new Y.Doc();
	for (let index = 0; index < paragraphs; index++) appendParagraph(doc, sentence(index));
	const version = Y.encodeStateAsUpdate(doc);
	// Five edits spread through the text: a paragraph rewritten, one removed, one added, two words changed.
	const body = doc.getXmlFragment('body');
	const textAt = (index: number) => (body.get(index) as Y.XmlElement).get(0) as Y.XmlText;
	textAt(Math.floor(paragraphs / 5)).insert(0, 'Rewritten: ');
	body.delete(Math.floor(paragraphs / 2), 1);
	appendParagraph(doc, 'A new closing paragraph about the square.');
	textAt(1).delete(0, 5);
	textAt(paragraphs - 3).insert(3, ' oak');
	const current = Y.encodeStateAsUpdate(doc);

	const render = time(() => bodyHtmlOf(contentOf(version).body));
	const now = bodyHtmlOf(contentOf(current).body);
	const myers = time(() => markChanges(render.value, now, HISTORY_LIMITS.compareMaxEdits));
	const tokens = (html: string) => html.match(/<[^>]*>|[^<\s]+|\s+/g) ?? [];
	// The table needs N·M cells: past 20,000 tokens a side it takes minutes and gigabytes, so it is left out there.
	const table = tokens(now).length <= 20_000 ? time(() => tableLcs(tokens(render.value), tokens(now))) : null;
	const restore = time(() => restoreUpdate(current, version)!);
	const replaceAll = time(() => {
		const work = new Y.Doc();
		Y.applyUpdate(work, current);
		const source = new Y.Doc();
		Y.applyUpdate(source, version);
		const before = Y.encodeStateVector(work);
		const fragment = work.getXmlFragment('body');
		work.transact(() => {
			fragment.delete(0, fragment.length);
			fragment.insert(0, source.getXmlFragment('body').toArray().map((block) => (block as Y.XmlElement).clone()));
		});
		return Y.encodeStateAsUpdate(work, before);
	});
	console.log(
		`| ${paragraphs} paragraphs (${tokens(now).length.toLocaleString('en')} tokens, state ${(current.byteLength / 1024).toFixed(0)} KiB) | render ${render.ms.toFixed(1)} ms | compare ${myers.ms.toFixed(1)} ms (table LCS ${table ? `${table.ms.toFixed(0)} ms` : 'n/a'}) | restore ${restore.ms.toFixed(1)} ms, ${restore.value.byteLength.toLocaleString('en')} B (replace-all ${replaceAll.ms.toFixed(1)} ms, ${replaceAll.value.byteLength.toLocaleString('en')} B) | ${myers.value.additions} added / ${myers.value.removals} removed |`
	);
}
