import * as Y from 'yjs';
import type { DocumentsService } from '../../src/lib/server/services/documents';
import type { LiveDocuments } from '../../src/lib/server/ports';
import type { DocumentRelay } from './relay';
import type { RoomLifecycle } from './room-lifecycle';
import { mayWriteAs } from './attribution';
import { judgeUpdate } from './sync';

/** The origin of a server-made edit: stored, relayed and broadcast like a client's. */
interface ServerEdit {
	readonly userId: string;
}

/**
 * Y13, the LiveDocuments port: a server-made edit goes through the document's room, loaded for it if need be (and
 * unloaded again like any idle room, Y14), judged like a writer's update (Y3's sizes, Y9's gaps) and credited to
 * `origin.userId` (Y16). A room that unloads while storage answers sends the update to storage and to the other nodes.
 */
export function createLiveEdits(lifecycle: RoomLifecycle, documents: DocumentsService, relay: DocumentRelay | null): LiveDocuments {
	return {
		async apply(name, update, origin) {
			// A room loaded now would be one the shutdown never stores: the edit is refused, nothing of it applied.
			if (lifecycle.shuttingDown) throw new Error(`a server-made update of ${name} was refused: the server is shutting down`);
			const room = await lifecycle.join(name);
			try {
				const verdict = judgeUpdate(room, update);
				if (verdict.kind === 'refuse') throw new Error(`a server-made update of ${name} was refused: ${verdict.reason}`);
				if (!(await mayWriteAs(room, documents, origin.userId, update))) throw new Error(`a server-made update of ${name} was refused: client id of another user`);
				if (room.closed) {
					await documents.append(name, update);
					relay?.publishUpdate(name, update);
					return;
				}
				const edit: ServerEdit = { userId: origin.userId };
				Y.applyUpdate(room.doc, update, edit);
				room.size += update.byteLength;
				const settled = room.batch.settled();
				room.batch.flush();
				await settled;
			} finally {
				lifecycle.leave(room, null);
			}
		}
	};
}
