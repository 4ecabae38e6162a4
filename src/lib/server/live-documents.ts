import type { LiveDocuments } from './ports';
import type { DocumentsService } from './services/documents';

/** The composition root's LiveDocuments: the Yjs rooms once the realtime layer attached them, storage until then. */
export interface LiveDocumentsHub extends LiveDocuments {
	/** The realtime layer takes over; returns the function that gives the documents back to storage alone. */
	attach(rooms: LiveDocuments): () => void;
}

/**
 * Services are built before any transport exists (and operator tools run without one), so they get this hub: without
 * rooms an update is appended to storage, which is where a loaded room would put it too.
 */
export function createLiveDocumentsHub(documents: DocumentsService): LiveDocumentsHub {
	let rooms: LiveDocuments | null = null;
	return {
		apply(name, update, origin) {
			if (rooms) return rooms.apply(name, update, origin);
			return documents.append(name, update);
		},
		attach(attached) {
			rooms = attached;
			return () => {
				if (rooms === attached) rooms = null;
			};
		}
	};
}
