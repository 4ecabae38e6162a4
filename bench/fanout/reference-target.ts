import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/protocol';
import { createIdGenerator } from '../../src/lib/server/secrets';
import { nowMs } from './clock';
import { connectSocket, sendCommand } from './sockets';
import type { FanoutTarget, TargetSize } from './target';

const REFERENCE_PATH = '/socket.io';

type ReferenceServer = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * The two commands the benchmark uses, done the cheapest way Socket.io allows: join the room; count the vote in
 * memory, broadcast the counts to the room, then ack (Agora also broadcasts before it acks). No auth, no storage,
 * no validation, default options.
 */
function handleCommands(io: ReferenceServer, projectId: string, commits: Map<string, Map<number, number>>): void {
	const tallies = new Map<string, { upvotes: number; downvotes: number; commentCount: number; votesVersion: number }>();
	io.on('connection', (socket) => {
		socket.on('project:join', ({ projectId: room }, ack) => {
			void socket.join(room);
			ack({ ok: true, data: { projectId: room } });
		});
		socket.on('vote:cast', ({ ideaId, value }, ack) => {
			// Counting each cast on its side changes the counts every time, as Agora's flipped votes do.
			const previous = tallies.get(ideaId) ?? { upvotes: 0, downvotes: 0, commentCount: 0, votesVersion: 0 };
			const counted = value === 1 ? { ...previous, upvotes: previous.upvotes + 1 } : { ...previous, downvotes: previous.downvotes + 1 };
			const tally = { ...counted, votesVersion: previous.votesVersion + 1 };
			tallies.set(ideaId, tally);
			// Counted in memory is this side's commit.
			const times = commits.get(ideaId) ?? new Map<number, number>();
			times.set(tally.votesVersion, nowMs());
			commits.set(ideaId, times);
			io.to(projectId).emit('idea:counted', { projectId, ideaId, ...tally });
			ack({ ok: true, data: { ideaId, ...tally, myVote: value } });
		});
	});
}

/**
 * A bare Socket.io server on its own port, with one "caster" client. Its project and idea ids come from Agora's id
 * generator, so the broadcast payload has the same shape and size as Agora's.
 */
export async function startReference(size: TargetSize): Promise<FanoutTarget> {
	const ids = createIdGenerator();
	const projectId = ids.next();
	const ideaIds = Array.from({ length: size.ideas }, () => ids.next());
	const httpServer = createServer();
	const io: ReferenceServer = new Server(httpServer, { path: REFERENCE_PATH, serveClient: false });
	const commits = new Map<string, Map<number, number>>();
	handleCommands(io, projectId, commits);
	await new Promise<void>((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(0, '127.0.0.1', () => resolve());
	});
	const endpoint = { url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, path: REFERENCE_PATH };
	const close = () => new Promise<void>((resolve) => io.close(() => resolve()));
	try {
		const caster = await connectSocket(endpoint);
		return {
			listenerEndpoint: { ...endpoint, projectId },
			ideaIds,
			// One caster socket speaks for every voter: the reference neither authenticates nor keeps one vote per voter.
			voterCount: size.voters,
			cast: (_voterIndex, ideaId, value) => sendCommand(caster, 'vote:cast', { ideaId, value }),
			committedAt: (ideaId, votesVersion) => commits.get(ideaId)?.get(votesVersion),
			async close() {
				caster.close();
				await close();
			}
		};
	} catch (error) {
		await close();
		throw error;
	}
}
