import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentVersionSummary } from '../../src/lib/domain/document-history';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { rooms } from '../../src/lib/realtime/protocol';
import { draftDocumentName } from '../../src/lib/server/services/drafts';
import { aProject } from '../support/builders';
import { editStoredDraft, writeBody } from '../support/drafts';
import { signIn, type PersonaName, type SignedInPersona } from '../support/personas';
import { connectClient, emitRaw, nextEvent, startTestServer, type TestServer } from '../support/server';
import { withTimeout } from '../support/yjs';

type AnyAck = { ok: boolean; data?: Record<string, unknown>; error?: { code: string } };
type VersionTaken = { draftId: string; version: DocumentVersionSummary };

/**
 * D44 over real Socket.io clients: whoever may list a draft's versions follows them live (`draft:watch-history`, the
 * room `draft-history:<id>`), whichever way a version is taken; who may not is refused, and a co-author who leaves
 * stops hearing them. Garbage for both commands is in socket-garbage.test.ts.
 */
let server: TestServer;
let projectId: string;
const sockets: AgoraClientSocket[] = [];
const people: Partial<Record<PersonaName, SignedInPersona>> = {};

beforeAll(async () => {
	server = await startTestServer({ unlimited: true });
	projectId = (await aProject(server.app)).id;
	for (const name of ['amira', 'bruno', 'fatou'] as const) people[name] = await signIn(server.app, name);
});
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(() => server.close());

async function connect(who: PersonaName | 'guest'): Promise<AgoraClientSocket> {
	const socket = await connectClient(server.url, who === 'guest' ? undefined : people[who]!.cookie);
	sockets.push(socket);
	return socket;
}
const send = (socket: AgoraClientSocket, command: string, payload: unknown) => emitRaw(socket, command, payload) as Promise<AnyAck>;
/** A command answered after a fact was sent arrives after that fact on the same connection: nothing pending then. */
const settle = (socket: AgoraClientSocket) => send(socket, 'project:leave', { projectId: 'settle' });

function heard(socket: AgoraClientSocket): VersionTaken[] {
	const received: VersionTaken[] = [];
	(socket as unknown as { on(e: string, l: (payload: VersionTaken) => void): void }).on('draft:version-taken', (payload) => received.push(payload));
	return received;
}

/** A private draft of amira's that bruno co-writes (through a share link). */
async function sharedDraft(): Promise<string> {
	const { drafts } = server.app.services;
	const draft = await drafts.create(people.amira!.actor, { projectId, title: 'Benches along the canal', visibility: 'private' });
	const { token } = await drafts.createLink(people.amira!.actor, { draftId: draft.id });
	await drafts.acceptLink(people.bruno!.actor, { token });
	return draft.id;
}

describe('a draft’s versions, live', () => {
	it('[D44] co-authors watching the history hear each version as it is taken: named, before a restore; others cannot watch', async () => {
		const draftId = await sharedDraft();
		const name = draftDocumentName(draftId);
		const [amira, bruno, fatou, guest] = await Promise.all([connect('amira'), connect('bruno'), connect('fatou'), connect('guest')]);
		expect(await send(amira, 'draft:watch-history', { draftId })).toMatchObject({ ok: true, data: { draftId } });
		expect(await send(bruno, 'draft:watch-history', { draftId })).toMatchObject({ ok: true });
		// D40/D41: to a stranger and a guest a private draft's history does not exist.
		expect(await send(fatou, 'draft:watch-history', { draftId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
		expect(await send(guest, 'draft:watch-history', { draftId })).toMatchObject({ ok: false });
		const fatouHeard = heard(fatou);
		const guestHeard = heard(guest);

		await editStoredDraft(server.app, draftId, (doc) => writeBody(doc, 'Six benches facing the water.'));
		const arrived = nextEvent<VersionTaken>(amira, 'draft:version-taken');
		const brunoArrived = nextEvent<VersionTaken>(bruno, 'draft:version-taken');
		const saved = await server.app.services.documentHistory.save(people.bruno!.actor, name, { name: 'First layout' });
		expect(await arrived).toEqual({ draftId, version: saved });
		expect((await brunoArrived).version).toMatchObject({ id: saved.id, kind: 'named', name: 'First layout', createdBy: { id: people.bruno!.actor.userId } });

		// D38: a restore keeps the current state as a version first; it arrives like any other.
		await editStoredDraft(server.app, draftId, (doc) => writeBody(doc, 'And a fountain.'));
		const kept = nextEvent<VersionTaken>(amira, 'draft:version-taken');
		const restore = await server.app.services.documentHistory.restore(people.amira!.actor, name, saved.id);
		expect((await kept).version).toEqual(restore.saved);
		expect(restore.saved).toMatchObject({ kind: 'before-restore', restoredFrom: saved.number });

		await Promise.all([settle(fatou), settle(guest)]);
		expect(fatouHeard).toEqual([]);
		expect(guestHeard).toEqual([]);
	});

	it('[D44] a co-author who leaves the draft stops hearing its versions; one who stops watching too', async () => {
		const draftId = await sharedDraft();
		const name = draftDocumentName(draftId);
		const [amira, bruno] = await Promise.all([connect('amira'), connect('bruno')]);
		await send(amira, 'draft:watch-history', { draftId });
		await send(bruno, 'draft:watch-history', { draftId });
		const brunoHeard = heard(bruno);

		await server.app.services.drafts.leave(people.bruno!.actor, { draftId });
		// The leave's access change re-checks the room's watchers; a version taken after it reaches amira alone.
		await settle(bruno);
		await withTimeout(
			new Promise<void>((resolve) => {
				const check = async () => ((await server.server.realtime.io.in(rooms.draftHistory(draftId)).fetchSockets()).length === 1 ? resolve() : setTimeout(check, 20));
				void check();
			}),
			'bruno to leave the history room'
		);
		const arrived = nextEvent<VersionTaken>(amira, 'draft:version-taken');
		await server.app.services.documentHistory.save(people.amira!.actor, name, { name: 'Without Bruno' });
		await arrived;
		expect(await send(amira, 'draft:unwatch-history', { draftId })).toMatchObject({ ok: true, data: { draftId } });
		await server.app.services.documentHistory.save(people.amira!.actor, name, { name: 'Nobody watching' });
		await Promise.all([settle(amira), settle(bruno)]);
		expect(brunoHeard).toEqual([]);
	});
});
