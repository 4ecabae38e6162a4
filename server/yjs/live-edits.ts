import * as Y from 'yjs';
import type { DocumentsService } from '../../src/lib/server/services/documents';
import type { LiveDocuments } from '../../src/lib/server/ports';
import type { DocumentRelay } from './relay';
import type { RoomLifecycle } from './room-lifecycle';
import { structClientsOf } from '../../src/lib/server/yjs-clients';
import { mayWriteAs } from './attribution';
import { judgeUpdate } from './sync';

/** The origin of a server-made edit: stored, relayed and broadcast like a client's. */
interface ServerEdit {
	readonly userId: string;
}

/**
 * Y13, the LiveDocuments port: a server-made edit goes through the loaded room, judged like a writer's update (Y3,
 * Y9) and credited to `origin.userId` (Y16), or, with the document unloaded here, to storage and to the nodes that
 * have it loaded.
 */
export function createLiveEdits(lifecycle: RoomLifecycle, documents: DocumentsService, relay: DocumentRelay | null): LiveDocuments {
	return {
		async apply(name, update, origin) {
			const room = await lifecycle.loaded(name);
			if (!room) {
				if (!(await documents.claimClients(name, origin.userId, structClientsOf(update)))) {
					throw new Error(`a server-made update of ${name} was refused: client id of another user`);
				}
				await documents.append(name, update);
				relay?.publishUpdate(name, update);
				return;
			}
			const verdict = judgeUpdate(room, update);
			if (verdict.kind === 'refuse') throw new Error(`a server-made update of ${name} was refused: ${verdict.reason}`);
			if (!(await mayWriteAs(room, documents, origin.userId, update))) throw new Error(`a server-made update of ${name} was refused: client id of another user`);
			// Unloaded while storage answered: its final compaction is done, so the update goes to storage instead.
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
		}
	};
}
