import * as Y from 'yjs';
import type { Logger } from 'pino';
import { COMPACT_AFTER_UPDATES, COMPACT_LOADED, type DocumentsService } from '../../src/lib/server/services/documents';

/**
 * Durable storage of one loaded document: every update from this node's clients is appended in order (so an
 * acknowledged edit survives a restart), and the stored log is compacted into one snapshot when the document loads
 * with a long history, while it stays loaded (Y10) and when its last connection leaves.
 */
export interface DocumentPersistence {
	/**
	 * Applies the stored state to the document (with this persistence as origin); returns the stored size in bytes.
	 * Stored structs whose predecessors are missing are dropped, and the log is rewritten without them (Y9).
	 */
	load(): Promise<number>;
	/**
	 * Queues an update; resolves once it is stored (Y15). Writes happen one at a time, in order, and the updates queued
	 * behind a write are stored together as one row (Y11). A failing write is retried until it lands, however long
	 * the database is away, since nothing it holds may be acknowledged before; only once stopped does it give up after
	 * a few attempts, and reject. May start a compaction (Y10).
	 */
	append(update: Uint8Array): Promise<void>;
	/** Resolves when every queued update is stored, including those queued while it waits. */
	flush(): Promise<void>;
	/** Flushes, then replaces the stored rows it read by one snapshot of them merged with the document. */
	compact(): Promise<void>;
	/** Stops compacting on its own and retrying without end; the owner compacts one last time before unloading. */
	stop(): void;
}

/** Attempts at a write once stopped (a shutdown): it must end, the client resends what it holds to the next server. */
const APPEND_ATTEMPTS = 3;
const APPEND_RETRY_MS = 200;
const APPEND_RETRY_MAX_MS = 5_000;
/** A compaction at load needs nothing stored first: the document it merges holds everything. */
const nothingQueued = () => Promise.resolve();
/** What Y.encodeStateAsUpdate gives for a document that never had content. */
const EMPTY_UPDATE_BYTES = 2;

/**
 * Y17: one snapshot holding `updates`, encoded from a document rather than by Y.mergeUpdates alone, which keeps every
 * struct as it came: deleted content is collected and one client's run of keystrokes becomes one struct, so a
 * document with a long history loads in milliseconds. With `dropPending`, structs whose predecessors are missing
 * are left out (Y9).
 */
export function compactedSnapshot(updates: Uint8Array[], dropPending = false): Uint8Array {
	const doc = new Y.Doc({ gc: true });
	Y.applyUpdate(doc, Y.mergeUpdates(updates));
	if (dropPending) {
		doc.store.pendingStructs = null;
		doc.store.pendingDs = null;
	}
	const snapshot = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return snapshot;
}

export function createDocumentPersistence(name: string, doc: Y.Doc, documents: DocumentsService, log: Logger): DocumentPersistence {
	let writes: Promise<void> = Promise.resolve();
	/** Updates waiting for the write in progress; the next write stores them all as one row (Y11). */
	let queued: Uint8Array[] = [];
	/** Settles when the next write (of `queued`) has stored them. */
	let nextWrite: Promise<void> | null = null;
	let compacting: Promise<void> = Promise.resolve();
	let appendedSinceCompaction = 0;
	let compactTimer: NodeJS.Timeout | null = null;
	let stopped = false;
	/** The stored rows whose every update the document holds: the ones it loaded, appended or compacted into. */
	const held = new Set<number>();

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
				held.add(await documents.append(name, update));
				return;
			} catch (error) {
				if (stopped && attempt >= APPEND_ATTEMPTS) throw error;
				if (attempt === APPEND_ATTEMPTS) log.error({ err: error, document: name }, 'could not store a document update; retrying until it is stored');
				await new Promise((resolve) => setTimeout(resolve, Math.min(APPEND_RETRY_MS * attempt, APPEND_RETRY_MAX_MS)));
			}
		}
	}

	/**
	 * Merges the rows it reads with the document and deletes exactly those rows: rows another node commits
	 * meanwhile, even with lower ids, are left alone. When the document already holds every row read (always, with
	 * one node), the snapshot is the document's own encoding: it costs one encoding of the document, where building
	 * a fresh one from the rows took 5–8 times as long (60–230 ms at bench/drafts' sizes, a pause every 500 rows
	 * that everyone connected felt). With `dropPending` (a repair, Y9) the snapshot loses the structs whose
	 * predecessors are missing, which the rows would otherwise carry into it.
	 */
	async function compactStored(dropPending: boolean): Promise<void> {
		const { updates, ids } = await documents.load(name);
		const state = Y.encodeStateAsUpdate(doc);
		if (ids.length === 0 && state.byteLength <= EMPTY_UPDATE_BYTES) return;
		const holdsAll = !dropPending && ids.every((id) => held.has(id));
		const snapshot = await documents.compact(name, holdsAll ? state : compactedSnapshot([...updates, state], dropPending), ids);
		for (const id of ids) held.delete(id);
		held.add(snapshot);
	}

	/** Compactions run one at a time: two would both read and delete the same rows. */
	function compactAfter(stored: () => Promise<void>, dropPending = false): Promise<void> {
		if (compactTimer) clearTimeout(compactTimer);
		compactTimer = null;
		appendedSinceCompaction = 0;
		const next = compacting.then(async () => {
			await stored();
			await compactStored(dropPending);
		});
		compacting = next.catch(() => {});
		return next;
	}

	/** Y10: in the background, without waiting for updates queued meanwhile (under steady typing that is never). */
	function compactWhileLoaded(): void {
		if (stopped) return;
		const queued = writes;
		compactAfter(() => queued).catch((error: unknown) => {
			log.warn({ err: error, document: name }, 'could not compact a loaded document; trying again later');
		});
	}

	const persistence: DocumentPersistence = {
		async load() {
			const { updates, ids } = await documents.load(name);
			for (const id of ids) held.add(id);
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
			if (doc.store.pendingStructs || doc.store.pendingDs) {
				// Y9: stored before updates were checked, or by a faulty node. Yjs would send the pending part along with
				// every state it encodes, so it is dropped here and the log rewritten from what did apply.
				log.warn({ document: name, missing: [...(doc.store.pendingStructs?.missing ?? new Map())] }, 'dropping stored structs whose predecessors are missing');
				doc.store.pendingStructs = null;
				doc.store.pendingDs = null;
				await compactAfter(nothingQueued, true);
				return Y.encodeStateAsUpdate(doc).byteLength;
			}
			if (updates.length > COMPACT_AFTER_UPDATES) await compactAfter(nothingQueued);
			return bytes;
		},
		append(update) {
			queued.push(update);
			let write = nextWrite;
			if (!write) {
				write = nextWrite = writes.then(() => {
					const batch = queued;
					queued = [];
					nextWrite = null;
					return store(batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch));
				});
				// The queue goes on after a write that gave up (once stopped); its own caller hears of the failure.
				writes = write.catch(() => {});
			}
			appendedSinceCompaction++;
			if (appendedSinceCompaction >= COMPACT_LOADED.everyUpdates) compactWhileLoaded();
			else if (!compactTimer && !stopped) {
				compactTimer = setTimeout(compactWhileLoaded, COMPACT_LOADED.everyMs);
				compactTimer.unref();
			}
			return write;
		},
		flush,
		compact: () => compactAfter(flush),
		stop() {
			stopped = true;
			if (compactTimer) clearTimeout(compactTimer);
			compactTimer = null;
		}
	};
	return persistence;
}
