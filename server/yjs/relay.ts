import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { quitRedis, type Redis } from '../redis';

/** What one loaded document hears from the other nodes. */
export interface RelayHandlers {
	update(update: Uint8Array): void;
	awareness(update: Uint8Array): void;
	/** Redis came back after an outage: messages may have been lost, so reload the document from storage. */
	resync(): void;
}

/**
 * Carries a document's updates and awareness between the nodes that have it loaded, over Redis pub/sub. Storage
 * stays the source of truth: each node stores only its own clients' updates, and a node that lost Redis resyncs
 * from storage when it comes back.
 */
export interface DocumentRelay {
	/** Starts hearing `document`; resolves with the function that stops. */
	join(document: string, handlers: RelayHandlers): Promise<() => Promise<void>>;
	publishUpdate(document: string, update: Uint8Array): void;
	publishAwareness(document: string, update: Uint8Array): void;
	close(): Promise<void>;
}

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
const NODE_ID_BYTES = 8;

/** Frame: 8-byte sender node id, 1-byte kind, payload. A node ignores its own frames. */
export function createRedisRelay(publisher: Redis, prefix: string, log: Logger): DocumentRelay {
	const nodeId = randomBytes(NODE_ID_BYTES);
	const subscriber = publisher.duplicate();
	const documents = new Map<string, RelayHandlers>();
	const channelOf = (document: string) => `${prefix}:yjs:${document}`;
	let lostConnection = false;
	let connected: Promise<unknown> | null = null;

	subscriber.on('error', (error: unknown) => {
		lostConnection = true;
		log.warn({ err: error }, 'Yjs relay: Redis subscriber error');
	});
	subscriber.on('ready', () => {
		if (!lostConnection) return;
		lostConnection = false;
		for (const [document, handlers] of documents) {
			log.info({ document }, 'Yjs relay: Redis is back, resyncing from storage');
			handlers.resync();
		}
	});

	function publish(document: string, kind: number, payload: Uint8Array): void {
		if (!publisher.isReady) return;
		const frame = Buffer.concat([nodeId, Buffer.from([kind]), payload]);
		publisher.publish(channelOf(document), frame).catch((error: unknown) => {
			log.warn({ err: error, document }, 'Yjs relay: could not publish');
		});
	}

	return {
		async join(document, handlers) {
			connected ??= subscriber.connect();
			await connected;
			documents.set(document, handlers);
			const listener = (frame: Buffer) => {
				if (frame.length <= NODE_ID_BYTES || frame.subarray(0, NODE_ID_BYTES).equals(nodeId)) return;
				const payload = new Uint8Array(frame.subarray(NODE_ID_BYTES + 1));
				try {
					if (frame[NODE_ID_BYTES] === KIND_UPDATE) handlers.update(payload);
					else if (frame[NODE_ID_BYTES] === KIND_AWARENESS) handlers.awareness(payload);
				} catch (error) {
					log.warn({ err: error, document }, 'Yjs relay: dropped a frame that did not apply');
				}
			};
			await subscriber.subscribe(channelOf(document), listener, true);
			return async () => {
				documents.delete(document);
				if (subscriber.isReady) await subscriber.unsubscribe(channelOf(document), listener, true);
			};
		},
		publishUpdate: (document, update) => publish(document, KIND_UPDATE, update),
		publishAwareness: (document, update) => publish(document, KIND_AWARENESS, update),
		async close() {
			documents.clear();
			await quitRedis(subscriber);
		}
	};
}
