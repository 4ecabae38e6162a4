import type { CastTarget } from './driver';
import type { ListenerEndpoint } from './sockets';

/** A running server under test, seeded with one project and its ideas, with its voters connected. */
export interface FanoutTarget extends CastTarget {
	readonly listenerEndpoint: ListenerEndpoint;
	/** When the change that gave an idea's counts this version committed (monotonic ms, clock.ts), if it did here. */
	committedAt(ideaId: string, votesVersion: number): number | undefined;
	close(): Promise<void>;
}

export interface TargetSize {
	readonly voters: number;
	readonly ideas: number;
}
