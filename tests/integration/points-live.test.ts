import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { DEFAULT_POINT_WEIGHTS as W } from '../../src/lib/domain/points';
import { aProject, anIdea } from '../support/builders';
import { signIn } from '../support/personas';
import { connectClient, nextEvent, startTestServer, type TestServer } from '../support/server';

/** PT1/BG8 over Socket.io: a person's points and badges reach their own sockets, and nobody else's. */
describe('points and badges live', () => {
	let server: TestServer;
	const sockets: AgoraClientSocket[] = [];
	beforeAll(async () => {
		server = await startTestServer({ unlimited: true });
	});
	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await server.close();
	});

	it('[PT1] [BG8] a first idea tells its author, on every socket of theirs, the new total and the badge; nobody else hears it', async () => {
		const project = await aProject(server.app);
		const [bruno, amira] = await Promise.all([signIn(server.app, 'bruno'), signIn(server.app, 'amira')]);
		const [brunoTab, brunoPhone, amiraTab, guest] = await Promise.all([
			connectClient(server.url, bruno.cookie),
			connectClient(server.url, bruno.cookie),
			connectClient(server.url, amira.cookie),
			connectClient(server.url)
		]);
		sockets.push(brunoTab, brunoPhone, amiraTab, guest);
		for (const socket of [amiraTab, guest]) await socket.emitWithAck('project:join', { projectId: project.id });
		const heard: string[] = [];
		for (const [name, socket] of [['amira', amiraTab], ['guest', guest]] as const) {
			socket.on('points:changed', () => heard.push(`${name} points`));
			socket.on('badge:awarded', () => heard.push(`${name} badge`));
		}
		const points = Promise.all([brunoTab, brunoPhone].map((socket) => nextEvent<{ total: number; lines: { reason: string; points: number }[] }>(socket, 'points:changed')));
		const badge = nextEvent<{ badges: { kind: string; level: number }[] }>(brunoTab, 'badge:awarded');
		const idea = await anIdea(server.app, bruno.actor, project.id);
		for (const heardByBruno of await points) expect(heardByBruno).toEqual({ total: W.idea_posted, lines: [expect.objectContaining({ reason: 'idea_posted', points: W.idea_posted, ideaId: idea.id })] });
		expect((await badge).badges).toEqual([{ kind: 'ideas', level: 1, count: 1, next: 5 }]);
		const vote = nextEvent<{ total: number; lines: Record<string, unknown>[] }>(brunoTab, 'points:changed');
		await server.app.services.votes.cast(amira.actor, { ideaId: idea.id, value: 1 });
		const voted = await vote;
		expect(voted.total).toBe(W.idea_posted + W.vote_received);
		// PT12: who voted is never said.
		expect(JSON.stringify(voted)).not.toContain(amira.actor.userId);
		await server.app.services.points.settled();
		expect(heard).toEqual([]);
	});
});
