import * as Y from 'yjs';
import type { Logger } from 'pino';
import { COMPACT_AFTER_UPDATES, type DocumentsService } from '../../src/lib/server/services/documents';

/**
 * Durable storage of one loaded document: every update from this node's clients is appended in order (so an
 * acknowledged edit survives a restart), and the stored log is compacted into one snapshot when the document loads
 * with a long history and when its last connection leaves. Compaction merges the stored rows themselves, never the
 * in-memory document, so rows that another node stored and this one has not heard of yet are never lost.
 */
export interface DocumentPersistence {
	/** Applies the stored state to `doc` (with this persistence as origin); returns the stored size in bytes. */
	load(doc: Y.Doc): Promise<number>;
	/** Queues an update; writes happen one at a time, in order. */
	append(update: Uint8Array): void;
	/** Resolves when every queued update is stored, including those queued while it waits. */
	flush(): Promise<void>;
	/** Flushes, then replaces the stored log by one merged snapshot. */
	compact(): Promise<void>;
}

export function createDocumentPersistence(name: string, documents: DocumentsService, log: Logger): DocumentPersistence {
	let writes: Promise<void> = Promise.resolve();

	async function flush(): Promise<void> {
		let pending: Promise<void>;
		do {
			pending = writes;
			await pending;
		} while (pending !== writes);
	}

	async function compactStored(): Promise<void> {
		const { updates, lastId } = await documents.load(name);
		if (updates.length <= 1) return;
		await documents.compact(name, Y.mergeUpdates(updates), lastId);
	}

	const persistence: DocumentPersistence = {
		async load(doc) {
			const { updates } = await documents.load(name);
			let bytes = 0;
			Y.transact(
				doc,
				() => {
					for (const update of updates) {
						Y.applyUpdate(doc, update, persistence);
						bytes += update.byteLength;
					}
				},
				persistence
			);
			if (updates.length > COMPACT_AFTER_UPDATES) await compactStored();
			return bytes;
		},
		append(update) {
			writes = writes.then(() =>
				documents.append(name, update).catch((error: unknown) => {
					log.error({ err: error, document: name }, 'could not store a document update');
				})
			);
		},
		flush,
		async compact() {
			await flush();
			await compactStored();
		}
	};
	return persistence;
}
