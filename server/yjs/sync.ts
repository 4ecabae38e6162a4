import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_UPDATE_BYTES } from '../../src/lib/domain/documents';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';

/** A sync message was malformed: the connection is closed with 4400 and the document is left as it was (Y4). */
export class MalformedMessage extends Error {
	override name = 'MalformedMessage';
}

/** What the room must do with one sync message. */
export type SyncVerdict =
	| { readonly kind: 'answered' }
	| { readonly kind: 'dropped' }
	| { readonly kind: 'apply'; readonly update: Uint8Array }
	| { readonly kind: 'refuse'; readonly code: number; readonly reason: string };

/** What the sync protocol needs to know of a room to judge an update. */
export interface SyncTarget {
	readonly doc: Y.Doc;
	/** Bytes of all updates held, an upper bound of the encoded document's size (Y3). */
	size: number;
}

/**
 * Y9: whether `update` depends on structs that neither the document nor the update holds: a gap in a client's
 * clocks, an item whose left, right or parent item is missing, a deletion of unknown content. Such an update would
 * sit in the document as pending structs (Yjs applies them if the predecessors ever come), so it is refused whole.
 */
export function lacksPredecessors(doc: Y.Doc, update: Uint8Array): boolean {
	const { structs, ds } = Y.decodeUpdate(update);
	const ranges = new Map<number, { from: number; to: number }>();
	for (const struct of structs) {
		if (struct instanceof Y.Skip) return true;
		const { client, clock } = struct.id;
		const range = ranges.get(client);
		if (range) range.to = Math.max(range.to, clock + struct.length);
		else ranges.set(client, { from: clock, to: clock + struct.length });
	}
	// The clock up to which each client's structs are there once the update is in.
	const available = new Map<number, number>();
	const availableOf = (client: number): number => {
		let clock = available.get(client);
		if (clock === undefined) {
			const known = Y.getState(doc.store, client);
			const range = ranges.get(client);
			clock = range && range.from <= known ? Math.max(known, range.to) : known;
			available.set(client, clock);
		}
		return clock;
	};
	for (const [client, range] of ranges) if (range.from > availableOf(client)) return true;
	const present = (id: Y.ID | null) => id === null || id.clock < availableOf(id.client);
	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		if (!present(struct.origin) || !present(struct.rightOrigin)) return true;
		if (struct.parent instanceof Y.ID && !present(struct.parent)) return true;
	}
	for (const [client, deletions] of ds.clients) {
		for (const deletion of deletions) if (deletion.clock + deletion.len > availableOf(client)) return true;
	}
	return false;
}

/** Y3, Y4, Y9: a writer's update, judged before any of it touches the document. Throws MalformedMessage when undecodable. */
export function judgeUpdate(target: SyncTarget, update: Uint8Array): SyncVerdict {
	// maxPayload leaves room for the message header, so an update a few bytes over the limit gets this far.
	if (update.byteLength > MAX_DOCUMENT_UPDATE_BYTES) return { kind: 'refuse', code: YJS_CLOSE.tooLarge, reason: 'update too large' };
	if (target.size + update.byteLength > MAX_DOCUMENT_BYTES) {
		// The running sum counts resent and merged updates again; measure the real document before refusing.
		target.size = Y.encodeStateAsUpdate(target.doc).byteLength;
		if (target.size + update.byteLength > MAX_DOCUMENT_BYTES) return { kind: 'refuse', code: YJS_CLOSE.tooLarge, reason: 'document too large' };
	}
	let gap: boolean;
	try {
		gap = lacksPredecessors(target.doc, update);
	} catch (error) {
		throw new MalformedMessage('undecodable update', { cause: error });
	}
	if (gap) return { kind: 'refuse', code: YJS_CLOSE.malformed, reason: 'missing predecessors' };
	return { kind: 'apply', update };
}

/**
 * Reads one sync message (after its type byte). A step 1 writes its answer into `encoder`; a writer's step 2 or
 * update is judged (Y3, Y4, Y9); a reader's is dropped (Y2). Throws MalformedMessage on anything undecodable.
 */
export function readSyncMessage(target: SyncTarget, readOnly: boolean, decoder: decoding.Decoder, encoder: encoding.Encoder): SyncVerdict {
	try {
		const type = decoding.readVarUint(decoder);
		if (type === syncProtocol.messageYjsSyncStep1) {
			syncProtocol.readSyncStep1(decoder, encoder, target.doc);
			return { kind: 'answered' };
		}
		if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) throw new MalformedMessage(`unknown sync message ${type}`);
		const update = decoding.readVarUint8Array(decoder);
		return readOnly ? { kind: 'dropped' } : judgeUpdate(target, update);
	} catch (error) {
		if (error instanceof MalformedMessage) throw error;
		throw new MalformedMessage('undecodable sync message', { cause: error });
	}
}
