import * as Y from 'yjs';
import type { Logger } from 'pino';
import { COMPACT_AFTER_UPDATES, type DocumentsService } from '../../src/lib/server/services/documents';

/**
 * Durable storage of one loaded document: every update is appended in order (so an acknowledged edit survives a
 * restart), and the log is compacted into a single snapshot when the document loads with a long history and when
 * its last connection leaves.
 */
export interface DocumentPersistence {
	/** Applies the stored state to `doc`; returns its size in bytes. */
	load(doc: Y.Doc): Promise<number>;
	/** Queues an update; writes happen one at a time, in order. */
	append(update: Uint8Array): void;
	/** Resolves when every queued update is stored, including those queued while it waits. */
	flush(): Promise<void>;
	/** Flushes, then replaces the stored log by one snapshot of `doc`. */
	compact(doc: Y.Doc): Promise<void>;
}

export function createDocumentPersistence(name: string, documents: DocumentsService, log: Logger): DocumentPersistence {
	let writes: Promise<void> = Promise.resolve();
	let storedUpdates = 0;

	const persistence: DocumentPersistence = {
		async load(doc) {
			const { updates, lastId } = await documents.load(name);
			let bytes = 0;
			Y.transact(doc, () => {
				for (const update of updates) {
					Y.applyUpdate(doc, update, persistence);
					bytes += update.byteLength;
				}
			}, persistence);
			storedUpdates = updates.length;
			if (updates.length > COMPACT_AFTER_UPDATES) {
				await documents.compact(name, Y.encodeStateAsUpdate(doc), lastId);
				storedUpdates = 1;
			}
			return bytes;
		},
		append(update) {
			storedUpdates += 1;
			writes = writes.then(() =>
				documents.append(name, update).catch((error: unknown) => {
					log.error({ err: error, document: name }, 'could not store a document update');
				})
			);
		},
		async flush() {
			let pending: Promise<void>;
			do {
				pending = writes;
				await pending;
			} while (pending !== writes);
		},
		async compact(doc) {
			await writes;
			if (storedUpdates <= 1) return;
			const { lastId } = await documents.load(name);
			await documents.compact(name, Y.encodeStateAsUpdate(doc), lastId);
			storedUpdates = 1;
		}
	};
	return persistence;
}
