import type { ConfirmedCast } from './matching';
import type { ListenerEndpoint } from './sockets';

/** What the parent asks a listener process, in this order: connect, drain, close. */
export type ListenerRequest =
	| { readonly type: 'connect'; readonly endpoint: ListenerEndpoint; readonly count: number }
	| { readonly type: 'drain'; readonly casts: readonly ConfirmedCast[]; readonly timeoutMs: number }
	| { readonly type: 'close' };

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
	| { readonly type: 'closed' }
	| { readonly type: 'failed'; readonly message: string };
