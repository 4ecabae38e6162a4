import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/** y-websocket's sync message type, and its step 2 and update sub-types (y-protocols/sync). */
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * Y15: what a message from the Agora Yjs server acknowledges of `clientId`'s edits: the server sends a document's
 * content (an update, a sync step 2) only once it is stored, and echoes every stored update to its sender, so the
 * clock of `clientId`'s structs in any such message is stored up to there. Null for a message that carries none.
 * A client is saved when this has reached its own clock (`Y.getState(doc.store, doc.clientID)`). Never throws.
 */
export function acknowledgedClockIn(message: Uint8Array, clientId: number): number | null {
	try {
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
		const type = decoding.readVarUint(decoder);
		if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return null;
		// Not encodeStateVectorFromUpdate, which leaves out clients whose structs do not start at clock 0.
		return Y.parseUpdateMeta(decoding.readVarUint8Array(decoder)).to.get(clientId) ?? null;
	} catch {
		return null;
	}
}

/** Whether a message from the server is a sync step 2: its answer to a sync step 1 (Y15: sent once stored). Never throws. */
export function isSyncStep2(message: Uint8Array): boolean {
	try {
		const decoder = decoding.createDecoder(message);
		return decoding.readVarUint(decoder) === MESSAGE_SYNC && decoding.readVarUint(decoder) === SYNC_STEP_2;
	} catch {
		return false;
	}
}
