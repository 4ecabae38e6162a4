import * as Y from 'yjs';

/**
 * The Yjs client ids whose structs (inserted content) an update carries; deletions name no author (Y16). Read from
 * the update's clock ranges: `encodeStateVectorFromUpdate` leaves out every client whose structs do not start at
 * clock 0, which is most of them once a document is under way.
 */
export function structClientsOf(update: Uint8Array): number[] {
	return [...Y.parseUpdateMeta(update).to.keys()];
}
