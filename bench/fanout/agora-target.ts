import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/start';
import type { SignedInActor } from '../../src/lib/domain/actors';
import { SOCKET_PATH } from '../../src/lib/realtime/protocol';
import { createApp, type App } from '../../src/lib/server/app';
import { readConfig } from '../../src/lib/server/config';
import { UNLIMITED } from '../../src/lib/server/rate-limits';
import { BRUSSELS_MUNICIPALITIES } from '../../src/lib/server/demo/brussels';
import { SESSION_COOKIE } from '../../src/lib/server/session-cookie';
import { nowMs } from './clock';
import { connectSocket, sendCommand, type BenchSocket } from './sockets';
import type { FanoutTarget, TargetSize } from './target';

const VOTER_PASSWORD = 'bench-password-123';
const BENCH_CONNECTION_LIMITS = {
	openPerAddress: 1_000_000,
	openPerAccount: 1_000_000,
	handshakesPerAddress: { points: 1_000_000, windowSeconds: 1 },
	handshakesPerAccount: { points: 1_000_000, windowSeconds: 1 }
};

interface Voter {
	readonly actor: SignedInActor;
	readonly sessionToken: string;
}

function ixellesCentre(): { lat: number; lng: number } {
	const ixelles = BRUSSELS_MUNICIPALITIES.find((municipality) => municipality.slug === 'ixelles');
	if (!ixelles) throw new Error('the demo data has no Ixelles to place ideas in');
	return ixelles.center;
}

async function signInVoter(app: App, index: number): Promise<Voter> {
	const email = `bench-voter-${index + 1}@example.org`;
	const account = await app.services.accounts.provision({ email, password: VOTER_PASSWORD, displayName: `Bench voter ${index + 1}`, role: 'citizen' });
	const { sessionToken } = await app.services.accounts.signIn({ email, password: VOTER_PASSWORD });
	return { actor: { kind: 'user', userId: account.id, displayName: account.displayName, role: account.role }, sessionToken };
}

async function createIdeas(app: App, projectId: string, author: SignedInActor, count: number): Promise<string[]> {
	const [topic] = (await app.services.city.get()).topics;
	if (!topic) throw new Error('the city has no topics to file ideas under');
	const location = ixellesCentre();
	const ideaIds: string[] = [];
	for (let index = 0; index < count; index++) {
		const idea = await app.services.ideas.create(author, {
			projectId,
			title: `Benchmark idea ${index + 1}`,
			body: 'An idea the fan-out benchmark votes on, to measure how fast counts reach every listener.',
			topic: topic.slug,
			location
		});
		ideaIds.push(idea.id);
	}
	return ideaIds;
}

/** Agora in this process, on a fresh SQLite folder, with one open project, `size.ideas` ideas and signed-in voters. */
export async function startAgora(size: TargetSize): Promise<FanoutTarget> {
	const dataDir = await mkdtemp(join(tmpdir(), 'agora-bench-'));
	// LIVE_COUNTS_WINDOW_MS passes through, so the storm can be measured at other windows (0: every change sent).
	const window = process.env.LIVE_COUNTS_WINDOW_MS;
	const config = readConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...(window ? { LIVE_COUNTS_WINDOW_MS: window } : {}) });
	// The benchmark measures fan-out: thousands of loopback listeners and one author's ideas would trip R4–R7.
	const app = await createApp(config, { limits: UNLIMITED });
	const server = await startServer(app, { svelteKit: null, connectionLimits: BENCH_CONNECTION_LIMITS });
	const voterSockets: BenchSocket[] = [];
	// The service publishes idea.counted right after its commit: the start of a change's way to the watchers.
	const commits = new Map<string, Map<number, number>>();
	const unsubscribe = app.events.subscribe((event) => {
		if (event.type !== 'idea.counted') return;
		const times = commits.get(event.ideaId) ?? new Map<number, number>();
		times.set(event.votesVersion, nowMs());
		commits.set(event.ideaId, times);
	});
	const close = async () => {
		unsubscribe();
		for (const socket of voterSockets) socket.close();
		await server.close();
		await rm(dataDir, { recursive: true, force: true });
	};
	try {
		const project = await app.services.projects.ensure({
			slug: 'fan-out-benchmark',
			title: 'Fan-out benchmark',
			description: 'Votes cast by the fan-out benchmark.',
			status: 'open'
		});
		const voters = await Promise.all(Array.from({ length: size.voters }, (_, index) => signInVoter(app, index)));
		const ideaIds = await createIdeas(app, project.id, voters[0]!.actor, size.ideas);
		const endpoint = { url: server.url, path: SOCKET_PATH };
		for (const voter of voters) voterSockets.push(await connectSocket(endpoint, `${SESSION_COOKIE}=${voter.sessionToken}`));
		return {
			listenerEndpoint: { ...endpoint, projectId: project.id },
			ideaIds,
			voterCount: voterSockets.length,
			cast: (voterIndex, ideaId, value) => sendCommand(voterSockets[voterIndex]!, 'vote:cast', { ideaId, value }),
			committedAt: (ideaId, votesVersion) => commits.get(ideaId)?.get(votesVersion),
			close
		};
	} catch (error) {
		await close();
		throw error;
	}
}
