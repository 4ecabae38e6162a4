import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import * as Y from 'yjs';
import { YJS_CLOSE } from '../../src/lib/realtime/yjs-close-reasons';
import { closeConnection, send, type Connection } from './connection';
import { awarenessMessage, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, toBytes } from './messages';
import type { Room } from './room';
import { readSyncMessage } from './sync';

function onSync(room: Room, connection: Connection, decoder: decoding.Decoder, log: Logger): void {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	const verdict = readSyncMessage(room, connection.readOnly, decoder, encoder);
	switch (verdict.kind) {
		case 'answered':
			send(connection, encoding.toUint8Array(encoder));
			return;
		case 'dropped':
			return;
		case 'apply':
			Y.applyUpdate(room.doc, verdict.update, connection);
			room.size += verdict.update.byteLength;
			return;
		case 'refuse':
			log.info({ document: room.name, code: verdict.code, reason: verdict.reason }, 'refused a Yjs update; closing that connection');
			closeConnection(connection, verdict.code, verdict.reason);
	}
}

/** One y-websocket message from a connection: sync (Y2–Y4, Y9), awareness (Y5–Y7) or an awareness query. */
export function receiveMessage(room: Room, connection: Connection, data: RawData, log: Logger): void {
	try {
		const decoder = decoding.createDecoder(toBytes(data));
		const messageType = decoding.readVarUint(decoder);
		switch (messageType) {
			case MESSAGE_SYNC:
				onSync(room, connection, decoder, log);
				break;
			case MESSAGE_AWARENESS:
				room.presence.receive(connection, decoding.readVarUint8Array(decoder));
				break;
			case MESSAGE_QUERY_AWARENESS: {
				const states = room.presence.snapshot();
				if (states) send(connection, awarenessMessage(states));
				break;
			}
			default:
				throw new Error(`unknown message type ${messageType}`);
		}
	} catch (error) {
		log.warn({ err: error, document: room.name }, 'malformed Yjs message; closing that connection');
		closeConnection(connection, YJS_CLOSE.malformed, 'malformed message');
	}
}
