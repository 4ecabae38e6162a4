import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { nowMs } from './clock';
import type { DrainReport, ListenerMode, ListenerReply, ListenerRequest, SettleReport } from './listener-messages';
import type { ConfirmedCast } from './matching';
import type { ListenerEndpoint } from './sockets';
import { concatSamples } from './stats';

const LISTENER_PROCESS = fileURLToPath(new URL('./listener-process.ts', import.meta.url));
/** Leaves one core to the server under test; more processes than cores would only compete with it. */
const PROCESS_COUNT = Math.max(1, Math.min(4, cpus().length - 1));
const EXIT_GRACE_MS = 5_000;

export interface ListenerPool {
	/** Seconds it took to connect every listener and have it join the project room. */
	readonly connectSeconds: number;
	/** Waits until every listener has one delivery per cast (or the timeout passes), then matches them. */
	drain(casts: readonly ConfirmedCast[], timeoutMs: number): Promise<DrainReport>;
	/** Staleness mode: waits until every listener showed `lastVersion` (or the timeout passes), then merges what they showed. */
	settle(lastVersion: number, timeoutMs: number): Promise<SettleReport>;
	close(): Promise<void>;
}

type ReplyType = ListenerReply['type'];

/** Sends a request and resolves with the reply of the given type; a 'failed' reply or an exit rejects. */
function request<Type extends ReplyType>(child: ChildProcess, message: ListenerRequest, replyType: Type): Promise<Extract<ListenerReply, { type: Type }>> {
	return new Promise((resolve, reject) => {
		const onMessage = (raw: unknown) => {
			// IPC messages are untyped; listener-process.ts only ever sends ListenerReply.
			const reply = raw as ListenerReply;
			if (reply.type === 'failed') settle(() => reject(new Error(`listener process: ${reply.message}`)));
			else if (reply.type === replyType) settle(() => resolve(reply as Extract<ListenerReply, { type: Type }>));
		};
		const onExit = (code: number | null) => settle(() => reject(new Error(`listener process exited (${code}) before '${replyType}'`)));
		const settle = (finish: () => void) => {
			child.off('message', onMessage);
			child.off('exit', onExit);
			finish();
		};
		child.on('message', onMessage);
		child.on('exit', onExit);
		child.send(message);
	});
}

function waitForExit(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill(), EXIT_GRACE_MS);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}

async function closeChild(child: ChildProcess): Promise<void> {
	if (child.connected) await request(child, { type: 'close' }, 'closed').catch(() => child.kill());
	await waitForExit(child);
}

function mergeReports(reports: readonly DrainReport[]): DrainReport {
	return {
		listeners: reports.reduce((total, report) => total + report.listeners, 0),
		latenciesMs: concatSamples(reports.map((report) => report.latenciesMs)),
		matched: reports.reduce((total, report) => total + report.matched, 0),
		unmatched: reports.reduce((total, report) => total + report.unmatched, 0),
		lastMatchedAt: reports.reduce((latest, report) => Math.max(latest, report.lastMatchedAt), Number.NEGATIVE_INFINITY),
		dropped: reports.reduce((total, report) => total + report.dropped, 0),
		cpuSeconds: reports.reduce((total, report) => total + report.cpuSeconds, 0)
	};
}

/** One process's versions shown by all its listeners are shown by all of them when every process's are: the latest time wins. */
function mergeSettled(reports: readonly SettleReport[]): SettleReport {
	const versions = reports[0]?.allShownAt.length ?? 0;
	return {
		listeners: reports.reduce((total, report) => total + report.listeners, 0),
		allShownAt: Float64Array.from({ length: versions }, (_, v) => Math.max(...reports.map((report) => report.allShownAt[v]!))),
		shownBy: Int32Array.from({ length: versions }, (_, v) => reports.reduce((total, report) => total + report.shownBy[v]!, 0)),
		deliveries: reports.reduce((total, report) => total + report.deliveries, 0),
		lastDeliveryAt: reports.reduce((latest, report) => Math.max(latest, report.lastDeliveryAt), Number.NEGATIVE_INFINITY),
		dropped: reports.reduce((total, report) => total + report.dropped, 0),
		cpuSeconds: reports.reduce((total, report) => total + report.cpuSeconds, 0)
	};
}

/** Spreads `count` listeners over a few child processes (forked with this process's tsx loader) and connects them. */
export async function openListeners(endpoint: ListenerEndpoint, count: number, mode: ListenerMode = 'match'): Promise<ListenerPool> {
	const shares = Array.from({ length: PROCESS_COUNT }, (_, index) => Math.floor((count + index) / PROCESS_COUNT)).filter((share) => share > 0);
	// 'advanced' serialization carries the latency Float64Arrays as they are.
	const children = shares.map(() => fork(LISTENER_PROCESS, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
	const closeAll = () => Promise.all(children.map(closeChild)).then(() => undefined);
	const startedAt = nowMs();
	try {
		await Promise.all(children.map((child, index) => request(child, { type: 'connect', endpoint, count: shares[index]!, mode }, 'connected')));
	} catch (error) {
		await closeAll();
		throw error;
	}
	return {
		connectSeconds: (nowMs() - startedAt) / 1000,
		async drain(casts, timeoutMs) {
			const replies = await Promise.all(children.map((child) => request(child, { type: 'drain', casts, timeoutMs }, 'drained')));
			return mergeReports(replies.map((reply) => reply.report));
		},
		async settle(lastVersion, timeoutMs) {
			const replies = await Promise.all(children.map((child) => request(child, { type: 'settle', lastVersion, timeoutMs }, 'settled')));
			return mergeSettled(replies.map((reply) => reply.report));
		},
		close: closeAll
	};
}
