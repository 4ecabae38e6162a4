import type { ConfirmedCast } from './matching';
import type { ListenerEndpoint } from './sockets';

/**
 * How listeners keep what they receive. `match`: every delivery, paired with the casts afterwards (run.ts). `staleness`
 * (storm.ts, one idea): only, per version, when the last listener so far first showed a count that includes it.
 */
export type ListenerMode = 'match' | 'staleness';

/** What the parent asks a listener process, in this order: connect, drain (match) or settle (staleness), close. */
export type ListenerRequest =
	| { readonly type: 'connect'; readonly endpoint: ListenerEndpoint; readonly count: number; readonly mode: ListenerMode }
	| { readonly type: 'drain'; readonly casts: readonly ConfirmedCast[]; readonly timeoutMs: number }
	| { readonly type: 'settle'; readonly lastVersion: number; readonly timeoutMs: number }
	| { readonly type: 'close' };

/** In `staleness` mode: what the listeners of one process showed, per version of the one idea's counts. */
export interface SettleReport {
	readonly listeners: number;
	/** Index v: when the last of this process's listeners to do so first showed version v or newer (monotonic ms). */
	readonly allShownAt: Float64Array;
	/** Index v: how many of this process's listeners showed version v or newer. */
	readonly shownBy: Int32Array;
	readonly deliveries: number;
	readonly lastDeliveryAt: number;
	readonly dropped: number;
	readonly cpuSeconds: number;
}

export interface DrainReport {
	readonly listeners: number;
	readonly latenciesMs: Float64Array;
	readonly matched: number;
	readonly unmatched: number;
	readonly lastMatchedAt: number;
	/** Listeners that lost their connection during the measurement. */
	readonly dropped: number;
	/** CPU seconds the listener process(es) used between 'connected' and this report. */
	readonly cpuSeconds: number;
}

export type ListenerReply =
	| { readonly type: 'connected' }
	| { readonly type: 'drained'; readonly report: DrainReport }
	| { readonly type: 'settled'; readonly report: SettleReport }
	| { readonly type: 'closed' }
	| { readonly type: 'failed'; readonly message: string };
