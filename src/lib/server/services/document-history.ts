import { requireSignedIn, roleSchema, type Actor, type SignedInActor } from '../../domain/actors';
import {
	DRAFT_FIELD_NAMES,
	HISTORY_LIMITS,
	saveVersionSchema,
	versionIdSchema,
	type DocumentAttribution,
	type DocumentComparison,
	type DocumentVersionSummary,
	type DocumentVersionView,
	type DraftFields,
	type FieldComparison,
	type RestoreResult,
	type VersionKind,
	type VersionPerson
} from '../../domain/document-history';
import { DomainError, isDomainError } from '../../domain/errors';
import { limitSubjectOf } from '../../domain/limits';
import { parseInput } from '../../domain/validation';
import { markChanges } from '../html-diff';
import type { LiveDocuments, ServicePorts } from '../ports';
import type { DocumentVersionRecord, DocumentVersionWithSnapshot } from '../storage/store';
import type { DocumentsService } from './documents';

/**
 * What history needs to know of a Yjs document's content, from encoded states (draft-content.ts and draft-html.ts
 * implement it with yjs and Tiptap; services do not import either).
 */
export interface DocumentContent {
	/** The state all the given updates make together. */
	stateOf(updates: readonly Uint8Array[]): Uint8Array;
	/** Whether two states hold the same edits (nothing written or deleted between them). */
	sameState(a: Uint8Array, b: Uint8Array): boolean;
	/** The Yjs client ids that wrote between two states (previous null: since the beginning). */
	writersBetween(previous: Uint8Array | null, current: Uint8Array): number[];
	/** The fields and the body as sanitized HTML. */
	render(state: Uint8Array): { fields: DraftFields; bodyHtml: string };
	/** The update that makes `current`'s content equal `target`'s, or null when it already does. */
	restoreUpdate(current: Uint8Array, target: Uint8Array): Uint8Array | null;
	/** The body's text, block by block, in runs each with the Yjs client that wrote it. */
	writtenRuns(state: Uint8Array): { text: string; client: number }[][];
}

export interface DocumentHistoryDependencies {
	readonly documents: Pick<DocumentsService, 'historyAccess' | 'load'>;
	/** Which user owns each Yjs client id, as recorded from authenticated connections (never as clients claim, D35). */
	readonly authorsOf: (name: string) => Promise<ReadonlyMap<number, string>>;
	/** Where a restore's update is applied, so connected editors receive it (D38). */
	readonly live: LiveDocuments;
	readonly content: DocumentContent;
}

/** Activity of a document on this node since its last version; bounded so idle documents cannot grow it forever. */
interface Activity {
	since: number;
	taking: boolean;
}
const TRACKED_DOCUMENTS_MAX = 10_000;

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function createDocumentHistoryService({ store, events, clock, ids, limits, log }: ServicePorts, dependencies: DocumentHistoryDependencies) {
	const { documents, authorsOf, live, content } = dependencies;
	const activity = new Map<string, Activity>();

	async function summariesOf(records: readonly DocumentVersionRecord[]): Promise<DocumentVersionSummary[]> {
		const userIds = new Set<string>();
		for (const record of records) {
			if (record.createdBy) userIds.add(record.createdBy);
			for (const author of record.authors) userIds.add(author);
		}
		const people = new Map<string, VersionPerson>();
		for (const person of await store.documentVersions.people([...userIds]))
			people.set(person.id, { id: person.id, displayName: person.displayName, role: roleSchema.catch('citizen').parse(person.role) });
		return records.map((record) => ({
			id: record.id,
			number: record.number,
			kind: record.kind as VersionKind,
			name: record.name,
			createdAt: record.createdAt,
			createdBy: record.createdBy ? (people.get(record.createdBy) ?? null) : null,
			authors: record.authors.flatMap((id) => people.get(id) ?? []),
			restoredFrom: record.restoredFrom
		}));
	}

	async function summaryOf(record: DocumentVersionRecord): Promise<DocumentVersionSummary> {
		return (await summariesOf([record]))[0]!;
	}

	async function currentState(name: string): Promise<Uint8Array> {
		return content.stateOf((await documents.load(name)).updates);
	}

	/** D35: the users behind the Yjs clients that wrote between the last version and `state`. */
	async function authorsSince(name: string, previous: Uint8Array | null, state: Uint8Array): Promise<string[]> {
		const clients = content.writersBetween(previous, state);
		if (clients.length === 0) return [];
		const owners = await authorsOf(name);
		return [...new Set(clients.flatMap((client) => owners.get(client) ?? []))];
	}

	async function insertVersion(
		name: string,
		state: Uint8Array,
		previous: DocumentVersionWithSnapshot | undefined,
		version: { kind: VersionKind; name: string | null; createdBy: string | null; restoredFrom: number | null }
	): Promise<DocumentVersionRecord> {
		const record = {
			id: ids.next(),
			document: name,
			...version,
			authors: await authorsSince(name, previous?.snapshot ?? null, state),
			createdAt: clock.now().toISOString()
		};
		const number = await store.documentVersions.insert({ ...record, snapshot: state });
		const taken = { ...record, number };
		// D44: whoever has the history open sees the version arrive.
		events.publish({ type: 'document.versionTaken', name, version: await summaryOf(taken) });
		return taken;
	}

	async function versionOf(name: string, versionId: unknown): Promise<DocumentVersionWithSnapshot> {
		const id = versionIdSchema.safeParse(versionId);
		const version = id.success ? await store.documentVersions.find(name, id.data) : undefined;
		if (!version) throw new DomainError('not_found', 'history_version_not_found');
		return version;
	}

	/**
	 * D40/D41: the history is read by whoever may read the document, except a draft published from private writing,
	 * whose history only its co-authors read. One who may not gets `not_found`, as for the draft itself (D4): a private
	 * draft's history must not tell strangers that it exists.
	 */
	async function accessOf(actor: Actor, name: string): Promise<'read' | 'write'> {
		try {
			return await documents.historyAccess(actor, name);
		} catch (error) {
			if (isDomainError(error) && error.code === 'forbidden') throw new DomainError('not_found', 'document_not_found');
			throw error;
		}
	}

	/** D40: versions are saved and restored by those who may write the document now (a published draft: nobody). */
	async function requireWriter(actor: Actor, name: string): Promise<SignedInActor> {
		const writer = requireSignedIn(actor, 'auth_sign_in_to_open_document');
		if ((await accessOf(actor, name)) !== 'write') throw new DomainError('forbidden', 'history_forbidden');
		return writer;
	}

	/** D31: takes an automatic version unless another node (or this one, before a restart) took one recently. */
	async function takeAutomatic(name: string, entry: Activity): Promise<void> {
		const latest = await store.documentVersions.latest(name);
		const now = clock.now().getTime();
		if (latest && now - Date.parse(latest.createdAt) < HISTORY_LIMITS.automaticAfterMs) {
			entry.since = Date.parse(latest.createdAt);
			return;
		}
		const state = await currentState(name);
		activity.delete(name);
		if (latest && content.sameState(latest.snapshot, state)) return;
		await insertVersion(name, state, latest, { kind: 'automatic', name: null, createdBy: null, restoredFrom: null });
		await store.documentVersions.pruneAutomatic(name, HISTORY_LIMITS.automaticKept);
	}

	return {
		/**
		 * D31: hears that `name` was written to (an update was stored). The first write after a version starts the
		 * clock; the first write `automaticAfterMs` later takes an automatic version, in the background. Costs a map
		 * look-up per write: the store is read only when a version may be due.
		 */
		noteActivity(name: string): void {
			const now = clock.now().getTime();
			let entry = activity.get(name);
			if (!entry) {
				if (activity.size >= TRACKED_DOCUMENTS_MAX) activity.delete(activity.keys().next().value!);
				entry = { since: now, taking: false };
				activity.set(name, entry);
				return;
			}
			if (entry.taking || now - entry.since < HISTORY_LIMITS.automaticAfterMs) return;
			const taking = entry;
			taking.taking = true;
			takeAutomatic(name, taking)
				.catch((error: unknown) => log.warn({ err: error, document: name }, 'could not take an automatic version'))
				.finally(() => (taking.taking = false));
		},

		/**
		 * D44: whether `actor` may follow the versions of `name` as they are taken (whoever may list them, D40/D41);
		 * throws like `list`. R23's reading limit applies: each call is one look at the history.
		 */
		async watch(actor: Actor, name: string): Promise<void> {
			await accessOf(actor, name);
			await limits.take('document.read', limitSubjectOf(actor));
		},

		/** D44: whether `actor` may still follow the versions of `name` (the draft's co-authors or visibility changed); never throws. */
		async mayWatch(actor: Actor, name: string): Promise<boolean> {
			return accessOf(actor, name).then(
				() => true,
				() => false
			);
		},

		/** D34: a document's versions, newest first (at most `listMax`), for whoever may read it. */
		async list(actor: Actor, name: string): Promise<DocumentVersionSummary[]> {
			await accessOf(actor, name);
			return summariesOf(await store.documentVersions.list(name, HISTORY_LIMITS.listMax));
		},

		/** D32: a writer names the current state as a version. R22. */
		async save(actor: Actor, name: string, input: unknown): Promise<DocumentVersionSummary> {
			const writer = await requireWriter(actor, name);
			const { name: versionName } = parseInput(saveVersionSchema, input);
			await limits.take('document.version', limitSubjectOf(actor));
			const state = await currentState(name);
			const latest = await store.documentVersions.latest(name);
			activity.delete(name);
			return summaryOf(await insertVersion(name, state, latest, { kind: 'named', name: versionName, createdBy: writer.userId, restoredFrom: null }));
		},

		/** D34: one version's fields and body (sanitized HTML), for whoever may read the document. */
		async view(actor: Actor, name: string, versionId: unknown): Promise<DocumentVersionView> {
			await accessOf(actor, name);
			await limits.take('document.read', limitSubjectOf(actor));
			const version = await versionOf(name, versionId);
			return { version: await summaryOf(version), ...content.render(version.snapshot) };
		},

		/**
		 * D36: a version compared with the current document: the current body and text fields with the words added
		 * since the version in `<ins>` and those removed in `<del>`.
		 */
		async compare(actor: Actor, name: string, versionId: unknown): Promise<DocumentComparison> {
			await accessOf(actor, name);
			await limits.take('document.read', limitSubjectOf(actor));
			const version = await versionOf(name, versionId);
			const then = content.render(version.snapshot);
			const now = content.render(await currentState(name));
			const body = markChanges(then.bodyHtml, now.bodyHtml, HISTORY_LIMITS.compareMaxEdits);
			let additions = body.additions;
			let removals = body.removals;
			const fields: FieldComparison[] = DRAFT_FIELD_NAMES.map((field) => {
				const before = then.fields[field];
				const after = now.fields[field];
				const changed = JSON.stringify(before) !== JSON.stringify(after);
				if (typeof before !== 'string' || typeof after !== 'string') return { field, changed, before, after, diffHtml: null };
				const marked = markChanges(escapeText(before), escapeText(after), HISTORY_LIMITS.compareMaxEdits);
				additions += marked.additions;
				removals += marked.removals;
				return { field, changed, before, after, diffHtml: marked.html };
			});
			return { version: await summaryOf(version), fields, bodyHtml: body.html, additions, removals };
		},

		/**
		 * D37/D38: a writer restores a version: the current state is kept first as a `before-restore` version (restoring
		 * that one undoes this), then one new update makes the body and fields equal the version's, applied to the live
		 * document so every connected editor receives it; earlier edits stay in the document's history. R22.
		 */
		async restore(actor: Actor, name: string, versionId: unknown): Promise<RestoreResult> {
			const writer = await requireWriter(actor, name);
			const version = await versionOf(name, versionId);
			await limits.take('document.version', limitSubjectOf(actor));
			const state = await currentState(name);
			const latest = await store.documentVersions.latest(name);
			const saved = await insertVersion(name, state, latest, { kind: 'before-restore', name: null, createdBy: writer.userId, restoredFrom: version.number });
			activity.delete(name);
			const update = content.restoreUpdate(state, version.snapshot);
			if (update) await live.apply(name, update, { userId: writer.userId });
			const [restored, kept] = await summariesOf([version, saved]);
			return { restored: restored!, saved: kept!, changed: update !== null };
		},

		/** D39: who wrote what in the current body, from the Yjs clients the server saw each user write with. */
		async attribution(actor: Actor, name: string): Promise<DocumentAttribution> {
			await accessOf(actor, name);
			await limits.take('document.read', limitSubjectOf(actor));
			const runs = content.writtenRuns(await currentState(name));
			const owners = await authorsOf(name);
			const order: string[] = [];
			const characters = new Map<string, number>();
			let unknownCharacters = 0;
			const blocks = runs.map((block) => {
				const segments: { text: string; author: number | null }[] = [];
				for (const run of block) {
					const userId = owners.get(run.client);
					const length = [...run.text].length;
					if (userId === undefined) unknownCharacters += length;
					else {
						if (!characters.has(userId)) order.push(userId);
						characters.set(userId, (characters.get(userId) ?? 0) + length);
					}
					const author = userId === undefined ? null : order.indexOf(userId);
					const last = segments.at(-1);
					if (last && last.author === author) last.text += run.text;
					else segments.push({ text: run.text, author });
				}
				return { segments };
			});
			const people = new Map((await store.documentVersions.people(order)).map((person) => [person.id, person]));
			const authors = order.map((id) => ({
				id,
				displayName: people.get(id)?.displayName ?? '',
				role: roleSchema.catch('citizen').parse(people.get(id)?.role),
				characters: characters.get(id) ?? 0
			}));
			return { authors, unknownCharacters, blocks };
		}
	};
}

export type DocumentHistoryService = ReturnType<typeof createDocumentHistoryService>;
