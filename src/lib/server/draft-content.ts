import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { HISTORY_LIMITS, type DraftFields } from '../domain/document-history';
import { fieldsFrom } from '../domain/drafts';
import { diffSequences } from '../domain/sequence-diff';

/**
 * What history reads from and writes to a draft's Yjs document (docs/API.md): the rich text in the
 * `Y.XmlFragment` `body` and the shared fields in the `Y.Map` `fields`. Everything here works on encoded states,
 * in a `Y.Doc` of its own that never reaches a client: the live document is changed only by the update `restoreUpdate`
 * computes, applied through the rooms.
 */
export const BODY = 'body';
export const FIELDS = 'fields';

/** A document's state from its stored updates, merged without loading it. */
export function stateOf(updates: readonly Uint8Array[]): Uint8Array {
	return updates.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates([...updates]);
}

function docOf(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

function withDoc<T>(state: Uint8Array, read: (doc: Y.Doc) => T): T {
	const doc = docOf(state);
	try {
		return read(doc);
	} finally {
		doc.destroy();
	}
}

/**
 * Clients write these fields; a value of the wrong shape reads as empty rather than failing the whole version. The
 * same reading as the editor's and publishing's (`fieldsFrom`): a point of NaN or Infinity, which Yjs keeps, is no place.
 */
export function fieldsOf(map: Y.Map<unknown>): DraftFields {
	return fieldsFrom(map.toJSON());
}

/** The fields and the body (ProseMirror JSON, for rendering) of a state. */
export function contentOf(state: Uint8Array): { fields: DraftFields; body: Record<string, unknown> } {
	return withDoc(state, (doc) => ({
		fields: fieldsOf(doc.getMap(FIELDS)),
		body: yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY)) as Record<string, unknown>
	}));
}

/** D31: whether anything was written or deleted between two states (false also for the same state merged twice). */
export function sameState(a: Uint8Array, b: Uint8Array): boolean {
	return withDoc(a, (docA) => withDoc(b, (docB) => Y.equalSnapshots(Y.snapshot(docA), Y.snapshot(docB))));
}

/** D35: the Yjs clients that added structs between `previous` (null: the empty document) and `current`. */
export function writersBetween(previous: Uint8Array | null, current: Uint8Array): number[] {
	const before = previous ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(previous)) : new Map<number, number>();
	const after = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(current));
	return [...after].filter(([client, clock]) => clock > (before.get(client) ?? 0)).map(([client]) => client);
}

function sameValue(a: unknown, b: unknown): boolean {
	return JSON.stringify(a instanceof Y.AbstractType ? a.toJSON() : a) === JSON.stringify(b instanceof Y.AbstractType ? b.toJSON() : b);
}

/** A value of one document to set in another: shared types are copied (they belong to one document only). */
function transplant(value: unknown): unknown {
	if (value instanceof Y.AbstractType) return (value as Y.AbstractType<unknown> & { clone(): unknown }).clone();
	return value;
}

type Block = Y.XmlElement | Y.XmlText;

/**
 * D38: the update that makes the body and the fields of `current` equal to those of `target`, as one new edit on
 * top of `current` (nothing of the history is rewritten). Top-level blocks the two share stay as they are, so who
 * wrote them is still known (D39) and the update carries only what differs; the others are deleted or inserted as
 * copies of the target's. Returns null when the content is already equal.
 */
export function restoreUpdate(current: Uint8Array, target: Uint8Array): Uint8Array | null {
	const work = docOf(current);
	const source = docOf(target);
	try {
		const body = work.getXmlFragment(BODY);
		const wanted = source.getXmlFragment(BODY);
		const fields = work.getMap<unknown>(FIELDS);
		const wantedFields = source.getMap<unknown>(FIELDS);
		const have = body.toArray() as Block[];
		const want = wanted.toArray() as Block[];
		const codes = new Map<string, number>();
		const codeOf = (block: Block) => {
			const key = `${block.constructor.name}:${block.toString()}`;
			let code = codes.get(key);
			if (code === undefined) codes.set(key, (code = codes.size));
			return code;
		};
		// Keeping the blocks both states share keeps their authors and a small update; past HISTORY_LIMITS.compareMaxEdits
		// (a document of thousands of changed blocks) the diff would cost seconds and gigabytes, so every block is
		// replaced instead.
		const steps =
			diffSequences(have.map(codeOf), want.map(codeOf), HISTORY_LIMITS.compareMaxEdits) ??
			[...have.map((_, index) => ({ op: 'delete' as const, index })), ...want.map((_, index) => ({ op: 'insert' as const, index }))];
		let update: Uint8Array | null = null;
		work.on('update', (made: Uint8Array) => (update = made));
		work.transact(() => {
			let position = 0;
			for (const step of steps) {
				if (step.op === 'equal') position++;
				else if (step.op === 'delete') body.delete(position, 1);
				else body.insert(position++, [want[step.index]!.clone()]);
			}
			for (const key of fields.keys()) if (!wantedFields.has(key)) fields.delete(key);
			for (const [key, value] of wantedFields.entries()) if (!fields.has(key) || !sameValue(fields.get(key), value)) fields.set(key, transplant(value));
		});
		return update;
	} finally {
		work.destroy();
		source.destroy();
	}
}

/** One run of text written by one Yjs client. */
export interface WrittenRun {
	readonly text: string;
	readonly client: number;
}

/**
 * D39: the current text, block by block (a paragraph, a heading, a list item's paragraph), as runs of characters
 * each with the Yjs client that inserted them. Formatting is left out: this answers who wrote the words.
 */
export function writtenRunsOf(state: Uint8Array): WrittenRun[][] {
	return withDoc(state, (doc) => {
		const blocks: WrittenRun[][] = [];
		const visit = (node: Y.XmlElement | Y.XmlFragment) => {
			let runs: WrittenRun[] | null = null;
			for (const child of node.toArray()) {
				if (child instanceof Y.XmlText) {
					runs ??= [];
					for (let item = child._start; item !== null; item = item.right) {
						if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
						const last = runs.at(-1);
						const piece = item.content.str;
						if (last && last.client === item.id.client) runs[runs.length - 1] = { text: last.text + piece, client: last.client };
						else runs.push({ text: piece, client: item.id.client });
					}
				} else if (child instanceof Y.XmlElement) visit(child);
			}
			if (runs && runs.length > 0) blocks.push(runs);
		};
		visit(doc.getXmlFragment(BODY));
		return blocks;
	});
}
