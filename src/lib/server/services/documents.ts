import type { Actor } from '../../domain/actors';
import { documentAccess, documentHistoryAccess, parseDocumentName, type DocumentAccess } from '../../domain/documents';
import { draftFactsOf, type DraftAccessFacts } from '../../domain/drafts';
import { DomainError } from '../../domain/errors';
import type { ServicePorts } from '../ports';

/** Once a document has this many stored updates, loading it compacts them into one snapshot. */
export const COMPACT_AFTER_UPDATES = 200;
/**
 * Y10: a document that stays loaded (a projector keeps it open all day) is compacted after this many appended
 * updates or this long after its first update since the last compaction, whichever comes first, so its stored log
 * stays bounded and a load never replays a day of keystrokes.
 */
export const COMPACT_LOADED = { everyUpdates: 500, everyMs: 60_000 } as const;

/** Who hears about stored updates (the history, for its automatic versions: D31). */
export interface DocumentsHooks {
	/** An update of `name` was stored; called after every append, so it must be cheap and must not throw. */
	readonly appended?: (name: string) => void;
}

export function createDocumentsService({ store, clock }: ServicePorts, hooks: DocumentsHooks = {}) {
	async function draftFacts(draftId: string): Promise<DraftAccessFacts | undefined> {
		const draft = await store.drafts.find(draftId);
		if (!draft) return undefined;
		return draftFactsOf(draft, (await store.drafts.authorsOf([draftId])).map((author) => author.id));
	}

	async function accessBy(rule: typeof documentAccess, actor: Actor, name: string): Promise<Exclude<DocumentAccess, 'none'>> {
		const document = parseDocumentName(name);
		if (actor.kind === 'guest' && document?.kind !== 'draft') throw new DomainError('unauthenticated', 'auth_sign_in_to_open_document');
		if (!document) throw new DomainError('not_found', 'document_not_found');
		const draft = document.kind === 'draft' ? await draftFacts(document.id) : undefined;
		if (document.kind === 'notes' && !(await store.projects.findById(document.id))) throw new DomainError('not_found', 'document_not_found');
		if (document.kind === 'draft' && !draft) throw new DomainError('not_found', 'document_not_found');
		const access = rule(actor, document, draft);
		if (access !== 'none') return access;
		if (actor.kind === 'guest') throw new DomainError('unauthenticated', 'auth_sign_in_to_open_document');
		throw new DomainError('forbidden', 'document_forbidden');
	}

	return {
		/**
		 * Y1/Y2, D3–D5/D14: whether `actor` may open `name` and how. Throws `not_found` for a name that is malformed or
		 * names nothing, `unauthenticated` for a guest who may not read it (every guest for notes; a private draft),
		 * `forbidden` when a signed-in actor may not even read. A blocked account (MO6) only ever reads.
		 */
		async access(actor: Actor, name: string): Promise<Exclude<DocumentAccess, 'none'>> {
			const access = await accessBy(documentAccess, actor, name);
			// MO6: a blocked account reads what it may read, and writes nothing.
			return actor.kind === 'user' && actor.blocked ? 'read' : access;
		},

		/** D41: like `access`, for the document's history (versions, comparisons, who wrote what). */
		async historyAccess(actor: Actor, name: string): Promise<Exclude<DocumentAccess, 'none'>> {
			return accessBy(documentHistoryAccess, actor, name);
		},

		/** Every stored update of a document, oldest first, with their row ids. */
		async load(name: string): Promise<{ updates: Uint8Array[]; ids: number[] }> {
			const rows = await store.documents.load(name);
			return { updates: rows.map((row) => row.update), ids: rows.map((row) => row.id) };
		},

		/** Appends one update; it is durable when this resolves, with its row id. */
		async append(name: string, update: Uint8Array): Promise<number> {
			const id = await store.documents.append(name, update, clock.now().toISOString());
			hooks.appended?.(name);
			return id;
		},

		/**
		 * Y16: claims the Yjs client ids `clientIds` of `name` for `userId` where nobody owns them yet; resolves false
		 * when any of them belongs to another user (the update carrying them must be refused).
		 */
		async claimClients(name: string, userId: string, clientIds: readonly number[]): Promise<boolean> {
			if (clientIds.length === 0) return true;
			const owners = await store.documents.claimClients(name, clientIds, userId, clock.now().toISOString());
			return clientIds.every((clientId) => owners.get(clientId) === userId);
		},

		/** Y16: who wrote what: each Yjs client id seen in `name`'s updates, and the user who owns it. */
		authorsOf(name: string): Promise<Map<number, string>> {
			return store.documents.clients(name);
		},

		/** Replaces the rows `ids` by `snapshot` (their merged state), atomically; resolves with the snapshot's row id. */
		compact(name: string, snapshot: Uint8Array, ids: readonly number[]): Promise<number> {
			return store.transaction((tx) => tx.documents.compact(name, snapshot, ids, clock.now().toISOString()));
		}
	};
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
