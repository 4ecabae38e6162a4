/**
 * A child process holding listener sockets, so that parsing K copies of every broadcast does not run on the thread
 * that also runs the server under test. Driven by the parent over IPC (see listener-messages.ts).
 */
import { cpuSecondsSince, nowMs, sleep } from './clock';
import type { ListenerReply, ListenerRequest, DrainReport } from './listener-messages';
import { matchDeliveries, type ConfirmedCast, type Delivery } from './matching';
import { concatSamples } from './stats';
import { connectSocket, sendCommand, type BenchSocket, type ListenerEndpoint } from './sockets';

const CONNECT_BATCH_SIZE = 100;
const DRAIN_POLL_MS = 20;

interface Listener {
	readonly socket: BenchSocket;
	readonly inbox: Delivery[];
	dropped: boolean;
}

const listeners: Listener[] = [];
/** Taken once every listener is connected, so the CPU figure covers the measurement, not the handshakes. */
let cpuAtConnected = process.cpuUsage();

async function openListener(endpoint: ListenerEndpoint): Promise<Listener> {
	const socket = await connectSocket(endpoint);
	const listener: Listener = { socket, inbox: [], dropped: false };
	socket.on('idea:counted', ({ ideaId, upvotes, downvotes }) => {
		listener.inbox.push({ ideaId, upvotes, downvotes, receivedAt: nowMs() });
	});
	socket.on('disconnect', () => {
		listener.dropped = true;
	});
	await sendCommand(socket, 'project:join', { projectId: endpoint.projectId });
	return listener;
}

/** In batches, so the servers see a burst of at most CONNECT_BATCH_SIZE handshakes at a time. */
async function connectAll(endpoint: ListenerEndpoint, count: number): Promise<void> {
	for (let opened = 0; opened < count; opened += CONNECT_BATCH_SIZE) {
		const batch = Math.min(CONNECT_BATCH_SIZE, count - opened);
		listeners.push(...(await Promise.all(Array.from({ length: batch }, () => openListener(endpoint)))));
	}
}

async function drain(casts: readonly ConfirmedCast[], timeoutMs: number): Promise<DrainReport> {
	const deadline = nowMs() + timeoutMs;
	while (nowMs() < deadline && listeners.some((listener) => listener.inbox.length < casts.length)) await sleep(DRAIN_POLL_MS);
	const matches = listeners.map((listener) => matchDeliveries(casts, listener.inbox));
	const latenciesMs = concatSamples(matches.map((match) => match.latenciesMs));
	return {
		listeners: listeners.length,
		latenciesMs,
		matched: latenciesMs.length,
		unmatched: matches.reduce((total, match) => total + match.unmatched, 0),
		lastMatchedAt: matches.reduce((latest, match) => Math.max(latest, match.lastMatchedAt), Number.NEGATIVE_INFINITY),
		dropped: listeners.filter((listener) => listener.dropped).length,
		cpuSeconds: cpuSecondsSince(cpuAtConnected)
	};
}

function closeAll(): void {
	for (const listener of listeners) {
		listener.socket.off('disconnect');
		listener.socket.close();
	}
	listeners.length = 0;
}

function reply(message: ListenerReply): void {
	process.send?.(message);
}

async function handle(request: ListenerRequest): Promise<void> {
	switch (request.type) {
		case 'connect':
			await connectAll(request.endpoint, request.count);
			cpuAtConnected = process.cpuUsage();
			reply({ type: 'connected' });
			return;
		case 'drain':
			reply({ type: 'drained', report: await drain(request.casts, request.timeoutMs) });
			return;
		case 'close':
			closeAll();
			reply({ type: 'closed' });
			process.disconnect();
			return;
	}
}

process.on('message', (message) => {
	// IPC messages are untyped; only the parent (listeners.ts) sends them, always as ListenerRequest.
	handle(message as ListenerRequest).catch((error: unknown) => {
		reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
	});
});
// The parent went away (finished or crashed): close the sockets so this process ends too.
process.on('disconnect', closeAll);
