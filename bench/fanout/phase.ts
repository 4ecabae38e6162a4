import { cpuSecondsSince, nowMs } from './clock';
import { driveVotes, type DriveOptions } from './driver';
import { openListeners } from './listeners';
import { percentilesOf, type Percentiles } from './stats';
import type { FanoutTarget } from './target';

/** How long listeners may take, after the last ack, to receive the broadcasts still on their way. */
const DRAIN_TIMEOUT_MS = 10_000;

export interface PhaseMetrics {
	readonly listeners: number;
	readonly connectSeconds: number;
	readonly scheduled: number;
	readonly sent: number;
	readonly skipped: number;
	readonly failed: number;
	readonly firstFailure: string | null;
	readonly ackMs: Percentiles;
	readonly deliveryMs: Percentiles;
	/** Matched deliveries over the time from the first measured slot to the last matched delivery. */
	readonly deliveriesPerSecond: number;
	readonly delivered: number;
	/** One per listener per acknowledged measured cast. */
	readonly expected: number;
	readonly unmatched: number;
	readonly droppedListeners: number;
	/**
	 * CPU used while casting and draining, in % of one core: by this process (the server under test, plus its few
	 * voter clients) and by the listener processes. Near 100 % on either side means that side, not the other, set the pace.
	 */
	readonly serverCpuPercent: number;
	readonly listenerCpuPercent: number;
}

/** Starts a server, connects `listenerCount` listeners, casts votes for the duration, measures, and stops it all. */
export async function measureFanout(start: () => Promise<FanoutTarget>, listenerCount: number, drive: DriveOptions): Promise<PhaseMetrics> {
	const target = await start();
	try {
		const listeners = await openListeners(target.listenerEndpoint, listenerCount);
		try {
			const cpuBefore = process.cpuUsage();
			const startedAt = nowMs();
			const driven = await driveVotes(target, drive);
			const report = await listeners.drain(driven.confirmed, DRAIN_TIMEOUT_MS);
			const wallSeconds = (nowMs() - startedAt) / 1000;
			const serverCpuSeconds = cpuSecondsSince(cpuBefore);
			const windowSeconds = (report.lastMatchedAt - driven.measuredFrom) / 1000;
			return {
				listeners: report.listeners,
				connectSeconds: listeners.connectSeconds,
				scheduled: driven.scheduled,
				sent: driven.sent,
				skipped: driven.skipped,
				failed: driven.failed,
				firstFailure: driven.firstFailure,
				ackMs: percentilesOf(driven.ackLatenciesMs),
				deliveryMs: percentilesOf(report.latenciesMs),
				deliveriesPerSecond: report.matched > 0 ? report.matched / windowSeconds : 0,
				delivered: report.matched,
				expected: report.listeners * driven.confirmed.filter((cast) => cast.measured).length,
				unmatched: report.unmatched,
				droppedListeners: report.dropped,
				serverCpuPercent: (100 * serverCpuSeconds) / wallSeconds,
				listenerCpuPercent: (100 * report.cpuSeconds) / wallSeconds
			};
		} finally {
			await listeners.close();
		}
	} finally {
		await target.close();
	}
}
