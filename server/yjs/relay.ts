import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { quitRedis, type Redis } from '../redis';

/** What one loaded document hears from the other nodes. */
export interface RelayHandlers {
	update(update: Uint8Array): void;
	awareness(update: Uint8Array): void;
	/** Messages may have been lost (a Redis outage here or on another node): reload the document from storage. */
	resync(): void;
	/** The whole document as one update, sent to the other nodes after an outage, once what it holds is stored (Y15). */
	state(): Promise<Uint8Array>;
}

/**
 * Carries a document's updates and awareness between the nodes that have it loaded, over Redis pub/sub. Storage
 * stays the source of truth: each node stores only its own clients' updates. After an outage the node that lost
 * Redis reloads from storage and sends its whole state with a resync request; every other node applies it, reloads
 * from storage and answers with its own whole state, so nobody depends on how fast the others' writes landed.
 */
export interface DocumentRelay {
	/** Starts hearing `document`; resolves with the function that stops. Never waits for a Redis that is down. */
	join(document: string, handlers: RelayHandlers): Promise<() => Promise<void>>;
	publishUpdate(document: string, update: Uint8Array): void;
	publishAwareness(document: string, update: Uint8Array): void;
	close(): Promise<void>;
}

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
const KIND_RESYNC = 2;
const NODE_ID_BYTES = 8;

/** Frame: 8-byte sender node id, 1-byte kind, payload. A node ignores its own frames. */
export function createRedisRelay(publisher: Redis, prefix: string, log: Logger): DocumentRelay {
	const nodeId = randomBytes(NODE_ID_BYTES);
	const subscriber = publisher.duplicate();
	const documents = new Map<string, RelayHandlers>();
	const channelOf = (document: string) => `${prefix}:yjs:${document}`;
	let lostConnection = false;

	/** Once both connections are back: frames were lost both ways, so catch up from storage and from the others. */
	function recoverWhenReady(): void {
		if (!lostConnection || !subscriber.isReady || !publisher.isReady) return;
		lostConnection = false;
		for (const [document, handlers] of documents) {
			log.info({ document }, 'Yjs relay: Redis is back, resyncing');
			handlers.resync();
			handlers.state().then(
				(state) => publish(document, KIND_RESYNC, state),
				(error: unknown) => log.warn({ err: error, document }, 'Yjs relay: could not send the state after an outage')
			);
		}
	}
	const onError = (error: unknown) => {
		lostConnection = true;
		log.warn({ err: error }, 'Yjs relay: Redis connection error');
	};
	subscriber.on('error', onError);
	subscriber.on('ready', recoverWhenReady);
	const onPublisherError = () => (lostConnection = true);
	publisher.on('error', onPublisherError);
	publisher.on('ready', recoverWhenReady);
	// Connecting in the background: a document opened while Redis is down works locally and resyncs when it is back.
	subscriber.connect().catch((error: unknown) => log.warn({ err: error }, 'Yjs relay: could not connect to Redis'));

	function publish(document: string, kind: number, payload: Uint8Array): void {
		if (!publisher.isReady) return;
		const frame = Buffer.concat([nodeId, Buffer.from([kind]), payload]);
		publisher.publish(channelOf(document), frame).catch((error: unknown) => {
			log.warn({ err: error, document }, 'Yjs relay: could not publish');
		});
	}

	return {
		async join(document, handlers) {
			documents.set(document, handlers);
			const listener = (frame: Buffer) => {
				if (frame.length <= NODE_ID_BYTES || frame.subarray(0, NODE_ID_BYTES).equals(nodeId)) return;
				const payload = new Uint8Array(frame.subarray(NODE_ID_BYTES + 1));
				try {
					if (frame[NODE_ID_BYTES] === KIND_UPDATE) handlers.update(payload);
					else if (frame[NODE_ID_BYTES] === KIND_AWARENESS) handlers.awareness(payload);
					else if (frame[NODE_ID_BYTES] === KIND_RESYNC) {
						handlers.update(payload);
						handlers.resync();
						handlers.state().then(
							(state) => publish(document, KIND_UPDATE, state),
							(error: unknown) => log.warn({ err: error, document }, 'Yjs relay: could not answer a resync')
						);
					}
				} catch (error) {
					log.warn({ err: error, document }, 'Yjs relay: dropped a frame that did not apply');
				}
			};
			const subscribed = subscriber.subscribe(channelOf(document), listener, true);
			// While Redis is away the subscription waits in the client's queue; the room opens now and resyncs later.
			if (subscriber.isReady) await subscribed;
			else {
				lostConnection = true;
				subscribed.then(recoverWhenReady, (error: unknown) => log.warn({ err: error, document }, 'Yjs relay: could not subscribe'));
			}
			return async () => {
				documents.delete(document);
				if (subscriber.isReady) await subscriber.unsubscribe(channelOf(document), listener, true);
			};
		},
		publishUpdate: (document, update) => publish(document, KIND_UPDATE, update),
		publishAwareness: (document, update) => publish(document, KIND_AWARENESS, update),
		async close() {
			documents.clear();
			publisher.off('error', onPublisherError);
			publisher.off('ready', recoverWhenReady);
			await quitRedis(subscriber);
		}
	};
}
