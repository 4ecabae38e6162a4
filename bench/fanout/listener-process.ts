/**
 * A child process holding listener sockets, so that parsing K copies of every broadcast does not run on the thread
 * that also runs the server under test. Driven by the parent over IPC (see listener-messages.ts).
 */
import { cpuSecondsSince, nowMs, sleep } from './clock';
import type { ListenerReply, ListenerRequest, DrainReport, ListenerMode, SettleReport } from './listener-messages';
import { matchDeliveries, type ConfirmedCast, type Delivery } from './matching';
import { concatSamples } from './stats';
import { connectSocket, sendCommand, type BenchSocket, type ListenerEndpoint } from './sockets';

const CONNECT_BATCH_SIZE = 100;
const DRAIN_POLL_MS = 20;

interface Listener {
	readonly socket: BenchSocket;
	readonly inbox: Delivery[];
	/** Staleness mode: the newest version this listener showed (0: the counts before any vote). */
	shownVersion: number;
	dropped: boolean;
}

const listeners: Listener[] = [];

/**
 * Staleness mode, for the one idea the storm votes on. Receipt times only grow, so when a listener first shows a
 * version, that is the latest time any listener of this process did so far: one write per version, per listener.
 */
const shown = { allAt: [] as number[], by: [] as number[], deliveries: 0, lastDeliveryAt: Number.NEGATIVE_INFINITY };

function show(listener: Listener, version: number): void {
	const at = nowMs();
	shown.deliveries++;
	shown.lastDeliveryAt = at;
	for (let v = listener.shownVersion + 1; v <= version; v++) {
		shown.allAt[v] = at;
		shown.by[v] = (shown.by[v] ?? 0) + 1;
	}
	listener.shownVersion = Math.max(listener.shownVersion, version);
}
/** Taken once every listener is connected, so the CPU figure covers the measurement, not the handshakes. */
let cpuAtConnected = process.cpuUsage();

async function openListener(endpoint: ListenerEndpoint, mode: ListenerMode): Promise<Listener> {
	const socket = await connectSocket(endpoint);
	const listener: Listener = { socket, inbox: [], shownVersion: 0, dropped: false };
	if (mode === 'match') {
		socket.on('idea:counted', ({ ideaId, upvotes, downvotes }) => {
			listener.inbox.push({ ideaId, upvotes, downvotes, receivedAt: nowMs() });
		});
	} else {
		socket.on('idea:counted', ({ votesVersion }) => show(listener, votesVersion));
	}
	socket.on('disconnect', () => {
		listener.dropped = true;
	});
	await sendCommand(socket, 'project:join', { projectId: endpoint.projectId });
	return listener;
}

/** In batches, so the servers see a burst of at most CONNECT_BATCH_SIZE handshakes at a time. */
async function connectAll(endpoint: ListenerEndpoint, count: number, mode: ListenerMode): Promise<void> {
	for (let opened = 0; opened < count; opened += CONNECT_BATCH_SIZE) {
		const batch = Math.min(CONNECT_BATCH_SIZE, count - opened);
		listeners.push(...(await Promise.all(Array.from({ length: batch }, () => openListener(endpoint, mode)))));
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

async function settle(lastVersion: number, timeoutMs: number): Promise<SettleReport> {
	const deadline = nowMs() + timeoutMs;
	while (nowMs() < deadline && listeners.some((listener) => !listener.dropped && listener.shownVersion < lastVersion)) await sleep(DRAIN_POLL_MS);
	const versions = lastVersion + 1;
	return {
		listeners: listeners.length,
		allShownAt: Float64Array.from({ length: versions }, (_, v) => shown.allAt[v] ?? Number.NaN),
		shownBy: Int32Array.from({ length: versions }, (_, v) => shown.by[v] ?? 0),
		deliveries: shown.deliveries,
		lastDeliveryAt: shown.lastDeliveryAt,
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
			await connectAll(request.endpoint, request.count, request.mode);
			cpuAtConnected = process.cpuUsage();
			reply({ type: 'connected' });
			return;
		case 'drain':
			reply({ type: 'drained', report: await drain(request.casts, request.timeoutMs) });
			return;
		case 'settle':
			reply({ type: 'settled', report: await settle(request.lastVersion, request.timeoutMs) });
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
