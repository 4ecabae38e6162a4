import type { DocumentsService } from '../../src/lib/server/services/documents';
import { structClientsOf } from '../../src/lib/server/yjs-clients';
import type { Room } from './room';

/**
 * Y16/Y18: whether `userId` may write structs under every client id of `update` in `room`: each one is its own, or
 * nobody's yet (and then becomes its own). Answered at once (a boolean) when the room already knows every id, else
 * once storage settled who owns the new ones (the first claim wins, on every node).
 */
export function mayWriteAs(room: Room, documents: DocumentsService, userId: string, update: Uint8Array): boolean | Promise<boolean> {
	const unknown: number[] = [];
	for (const clientId of structClientsOf(update)) {
		// Y18: an id another person's connection here speaks for is theirs, even before storage has their claim.
		const owner = room.clients.get(clientId) ?? room.presence.holderOf(clientId);
		if (owner === undefined) unknown.push(clientId);
		else if (owner !== userId) return false;
	}
	if (unknown.length === 0) return true;
	return documents.claimClients(room.name, userId, unknown).then((claimed) => {
		if (claimed) for (const clientId of unknown) room.clients.set(clientId, userId);
		return claimed;
	});
}
