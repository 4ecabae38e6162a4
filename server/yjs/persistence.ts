import * as Y from 'yjs';
import type { Logger } from 'pino';
import { COMPACT_AFTER_UPDATES, type DocumentsService } from '../../src/lib/server/services/documents';

/**
 * Durable storage of one loaded document: every update from this node's clients is appended in order (so an
 * acknowledged edit survives a restart), and the stored log is compacted into one snapshot when the document loads
 * with a long history and when its last connection leaves.
 */
export interface DocumentPersistence {
	/** Applies the stored state to `doc` (with this persistence as origin); returns the stored size in bytes. */
	load(doc: Y.Doc): Promise<number>;
	/** Queues an update; writes happen one at a time, in order, retried a few times. */
	append(update: Uint8Array): void;
	/** Resolves when every queued update is stored, including those queued while it waits. */
	flush(): Promise<void>;
	/** Flushes, then replaces the stored rows it read by one snapshot of them merged with `doc`. */
	compact(doc: Y.Doc): Promise<void>;
}

const APPEND_ATTEMPTS = 3;
const APPEND_RETRY_MS = 200;
/** What Y.encodeStateAsUpdate gives for a document that never had content. */
const EMPTY_UPDATE_BYTES = 2;

export function createDocumentPersistence(name: string, documents: DocumentsService, log: Logger): DocumentPersistence {
	let writes: Promise<void> = Promise.resolve();

	async function flush(): Promise<void> {
		let pending: Promise<void>;
		do {
			pending = writes;
			await pending;
		} while (pending !== writes);
	}

	async function store(update: Uint8Array): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			try {
				return await documents.append(name, update);
			} catch (error) {
				if (attempt >= APPEND_ATTEMPTS) {
					// Not lost yet: the update stays in the loaded document, and compaction stores the document's state.
					log.error({ err: error, document: name }, 'could not store a document update; it will be kept by compaction');
					return;
				}
				await new Promise((resolve) => setTimeout(resolve, APPEND_RETRY_MS * attempt));
			}
		}
	}

	/**
	 * Merges the rows it reads with `doc` (which holds any update whose append failed) and deletes exactly those rows:
	 * rows another node commits meanwhile, even with lower ids, are left alone.
	 */
	async function compactStored(doc: Y.Doc): Promise<void> {
		const { updates, ids } = await documents.load(name);
		const state = Y.encodeStateAsUpdate(doc);
		if (ids.length === 0 && state.byteLength <= EMPTY_UPDATE_BYTES) return;
		await documents.compact(name, Y.mergeUpdates([...updates, state]), ids);
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
			if (updates.length > COMPACT_AFTER_UPDATES) await compactStored(doc);
			return bytes;
		},
		append(update) {
			writes = writes.then(() => store(update));
		},
		flush,
		async compact(doc) {
			await flush();
			await compactStored(doc);
		}
	};
	return persistence;
}
