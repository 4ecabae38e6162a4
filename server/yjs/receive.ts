import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import * as Y from 'yjs';
import type { DocumentsService } from '../../src/lib/server/services/documents';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { mayWriteAs } from './attribution';
import { closeConnection, send, type Connection } from './connection';
import { awarenessMessage, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, toBytes } from './messages';
import type { Room } from './room';
import { readSyncMessage } from './sync';

interface Context {
	readonly documents: DocumentsService;
	readonly log: Logger;
}

function apply(room: Room, connection: Connection, update: Uint8Array): void {
	Y.applyUpdate(room.doc, update, connection);
	room.size += update.byteLength;
}

function refuseForeign(room: Room, connection: Connection, { log }: Context): void {
	log.warn({ document: room.name, userId: connection.actor.kind === 'user' ? connection.actor.userId : null }, 'refused an update under another user’s client id; closing that connection');
	closeConnection(connection, YJS_CLOSE.foreignClient, 'client id of another user');
}

/** Returns a promise only while it waits for storage to say who owns a new client id (Y16). */
function onSync(room: Room, connection: Connection, decoder: decoding.Decoder, context: Context): Promise<void> | void {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	const verdict = readSyncMessage(room, connection.readOnly, decoder, encoder);
	switch (verdict.kind) {
		case 'answered': {
			// Y15: the answer holds the document as it is now, which may include updates still being stored.
			const answer = encoding.toUint8Array(encoder);
			room.batch.after(() => send(connection, answer));
			return;
		}
		case 'dropped':
			return;
		case 'apply': {
			// Guests are read-only (their updates are dropped above); this keeps the types honest.
			if (connection.actor.kind !== 'user') return;
			const allowed = mayWriteAs(room, context.documents, connection.actor.userId, verdict.update);
			if (allowed === true) return apply(room, connection, verdict.update);
			if (allowed === false) return refuseForeign(room, connection, context);
			return allowed.then(
				(claimed) => {
					// Rights may have changed while storage answered (A5, Y12).
					if (connection.closing || connection.readOnly) return;
					if (claimed) apply(room, connection, verdict.update);
					else refuseForeign(room, connection, context);
				},
				(error: unknown) => {
					context.log.error({ err: error, document: room.name }, 'could not record who owns a Yjs client id; closing that connection');
					closeConnection(connection, YJS_CLOSE.goingAway, 'could not record the client');
				}
			);
		}
		case 'refuse':
			context.log.info({ document: room.name, code: verdict.code, reason: verdict.reason }, 'refused a Yjs update; closing that connection');
			closeConnection(connection, verdict.code, verdict.reason);
	}
}

function handle(room: Room, connection: Connection, data: RawData, context: Context): Promise<void> | void {
	if (connection.closing) return;
	try {
		const decoder = decoding.createDecoder(toBytes(data));
		const messageType = decoding.readVarUint(decoder);
		switch (messageType) {
			case MESSAGE_SYNC:
				return onSync(room, connection, decoder, context);
			case MESSAGE_AWARENESS:
				room.presence.receive(connection, decoding.readVarUint8Array(decoder));
				return;
			case MESSAGE_QUERY_AWARENESS: {
				const states = room.presence.snapshot();
				if (states) send(connection, awarenessMessage(states));
				return;
			}
			default:
				throw new Error(`unknown message type ${messageType}`);
		}
	} catch (error) {
		context.log.warn({ err: error, document: room.name }, 'malformed Yjs message; closing that connection');
		closeConnection(connection, YJS_CLOSE.malformed, 'malformed message');
	}
}

/**
 * One y-websocket message from a connection: sync (Y2–Y4, Y9, Y16), awareness (Y5–Y7) or an awareness query. A
 * connection's messages are handled in order: while one waits for storage (a new client id, Y16), the ones after it
 * wait too; otherwise each is handled at once.
 */
export function receiveMessage(room: Room, connection: Connection, data: RawData, context: Context): void {
	if (connection.inbox) {
		connection.inbox = connection.inbox.then(() => handle(room, connection, data, context));
		return;
	}
	const waiting = handle(room, connection, data, context);
	if (!waiting) return;
	const inbox: Promise<void> = waiting.finally(() => {
		if (connection.inbox === inbox) connection.inbox = null;
	});
	connection.inbox = inbox;
}
