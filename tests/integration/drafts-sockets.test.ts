import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import type { DraftJoinRequest } from '../../src/lib/domain/drafts';
import { aProject } from '../support/builders';
import { signIn, type PersonaName, type SignedInPersona } from '../support/personas';
import { connectClient, emitRaw, nextEvent, startTestServer, type TestServer } from '../support/server';

type AnyAck = { ok: boolean; data?: Record<string, unknown>; error?: { code: string; key?: string; message: string } };

/**
 * D18/D19 over real Socket.io clients: asking to join a public draft and answering, who hears draft:join-requested
 * and draft:join-answered (the draft's co-authors and the requester, in their own rooms) and who does not. Garbage
 * for each command is in socket-garbage.test.ts, the limits in the service tests.
 */
let server: TestServer;
let projectId: string;
const sockets: AgoraClientSocket[] = [];
const people: Partial<Record<PersonaName, SignedInPersona>> = {};

beforeAll(async () => {
	server = await startTestServer({ unlimited: true });
	projectId = (await aProject(server.app)).id;
	for (const name of ['amira', 'bruno', 'fatou', 'max'] as const) people[name] = await signIn(server.app, name);
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

function heard(socket: AgoraClientSocket, names: string[]): string[] {
	const received: string[] = [];
	for (const name of names) (socket as unknown as { on(e: string, l: () => void): void }).on(name, () => received.push(name));
	return received;
}

/** A command answered after a fact was sent arrives after that fact on the same connection: nothing pending then. */
const settle = (socket: AgoraClientSocket) => send(socket, 'project:leave', { projectId: 'settle' });

const FACTS = ['draft:join-requested', 'draft:join-answered'];

const publicDraft = async (author: PersonaName) =>
	(await server.app.services.drafts.create(people[author]!.actor, { projectId, title: `A public draft by ${author}`, visibility: 'public' })).id;

describe('draft join requests over sockets', () => {
	it('[D18] [D19] the co-authors hear a request live and the requester hears the answer; nobody else hears either', async () => {
		const draftId = await publicDraft('amira');
		const [author, requester, bystander, guest] = await Promise.all([connect('amira'), connect('bruno'), connect('fatou'), connect('guest')]);
		const bystanderHeard = heard(bystander, FACTS);
		const guestHeard = heard(guest, FACTS);
		const requested = nextEvent<{ draftId: string; request: DraftJoinRequest }>(author, 'draft:join-requested');
		const ack = await send(requester, 'draft:request-join', { draftId, message: 'I live next to it.' });
		expect(ack).toMatchObject({ ok: true, data: { draftId, message: 'I live next to it.', requester: { id: people.bruno!.actor.userId } } });
		const fact = await requested;
		expect(fact).toEqual({ draftId, request: ack.data });

		const answered = nextEvent<{ draftId: string; accepted: boolean }>(requester, 'draft:join-answered');
		const authorAnswered = nextEvent(author, 'draft:join-answered');
		expect(await send(author, 'draft:answer-join', { requestId: fact.request.id, accept: true })).toEqual({ ok: true, data: { draftId, accepted: true } });
		expect(await answered).toEqual({ draftId, requestId: fact.request.id, accepted: true });
		await authorAnswered;
		await Promise.all([settle(bystander), settle(guest)]);
		expect(bystanderHeard).toEqual([]);
		expect(guestHeard).toEqual([]);
		expect((await server.app.services.drafts.page(people.bruno!.actor, draftId)).rights.manage).toBe(true);
	});

	it('[D18] guests and co-authors cannot ask; a private draft does not say it exists; only co-authors answer', async () => {
		const draftId = await publicDraft('fatou');
		const privateId = (await server.app.services.drafts.create(people.fatou!.actor, { projectId, title: 'A private draft' })).id;
		const [guest, author, other, moderator] = await Promise.all([connect('guest'), connect('fatou'), connect('bruno'), connect('max')]);
		expect(await send(guest, 'draft:request-join', { draftId })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
		expect(await send(author, 'draft:request-join', { draftId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
		expect(await send(other, 'draft:request-join', { draftId: privateId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
		const request = await send(other, 'draft:request-join', { draftId });
		expect(await send(moderator, 'draft:answer-join', { requestId: request.data!.id, accept: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		expect(await send(other, 'draft:answer-join', { requestId: request.data!.id, accept: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		expect(await send(author, 'draft:answer-join', { requestId: request.data!.id, accept: false })).toEqual({ ok: true, data: { draftId, accepted: false } });
		expect(await send(author, 'draft:answer-join', { requestId: request.data!.id, accept: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
	});
});
