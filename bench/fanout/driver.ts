import type { VoteTally, VoteValue } from '../../src/lib/domain/votes';
import { nowMs, sleep } from './clock';
import type { ConfirmedCast } from './matching';

/** What the driver needs from a server under test: who can vote on what, and how to cast one vote. */
export interface CastTarget {
	readonly ideaIds: readonly string[];
	readonly voterCount: number;
	/** Resolves with the idea's counts from the ack; rejects on an error ack or a timeout. */
	cast(voterIndex: number, ideaId: string, value: VoteValue): Promise<VoteTally>;
}

export interface DriveOptions {
	readonly ratePerSecond: number;
	/** Cast at the same rate before the measured duration, so both servers are measured warm (JIT, caches). */
	readonly warmupSeconds: number;
	readonly durationSeconds: number;
}

/** Counts cover the measured slots only, except `failed`, which counts warm-up failures too. */
export interface DriveResult {
	readonly scheduled: number;
	readonly sent: number;
	/** Slots when every idea still had a cast in flight (or was retired), so none could be sent. */
	readonly skipped: number;
	readonly failed: number;
	readonly firstFailure: string | null;
	/** In the order they were sent. */
	readonly confirmed: readonly ConfirmedCast[];
	readonly ackLatenciesMs: Float64Array;
	/** When the first measured slot came. */
	readonly measuredFrom: number;
}

/**
 * Casts votes at a steady rate, round-robin over voters and ideas, with at most one cast in flight per idea (the
 * delivery matching relies on it; see matching.ts). Each voter flips its vote on an idea at every cast, so every cast
 * changes the counts and is broadcast. An idea whose cast failed is retired: whether that cast was applied, and so
 * what its counts are, is unknown.
 */
export async function driveVotes(target: CastTarget, options: DriveOptions): Promise<DriveResult> {
	const warmupSlots = Math.round(options.ratePerSecond * options.warmupSeconds);
	const scheduled = Math.round(options.ratePerSecond * options.durationSeconds);
	const intervalMs = 1000 / options.ratePerSecond;
	const busyIdeas = new Set<string>();
	const retiredIdeas = new Set<string>();
	const lastVotes = new Map<string, VoteValue>();
	const confirmed: ConfirmedCast[] = [];
	const ackLatencies: number[] = [];
	const inFlight: Promise<void>[] = [];
	let sent = 0;
	let skipped = 0;
	let failed = 0;
	let firstFailure: string | null = null;

	const freeIdeaFrom = (start: number): string | undefined => {
		for (let offset = 0; offset < target.ideaIds.length; offset++) {
			const ideaId = target.ideaIds[(start + offset) % target.ideaIds.length]!;
			if (!busyIdeas.has(ideaId) && !retiredIdeas.has(ideaId)) return ideaId;
		}
		return undefined;
	};

	const castOnce = async (voterIndex: number, ideaId: string, measured: boolean): Promise<void> => {
		const voteKey = `${voterIndex}:${ideaId}`;
		const value: VoteValue = lastVotes.get(voteKey) === 1 ? -1 : 1;
		busyIdeas.add(ideaId);
		const sentAt = nowMs();
		try {
			const tally = await target.cast(voterIndex, ideaId, value);
			if (measured) ackLatencies.push(nowMs() - sentAt);
			lastVotes.set(voteKey, value);
			confirmed.push({ ideaId, upvotes: tally.upvotes, downvotes: tally.downvotes, sentAt, measured });
		} catch (error) {
			failed++;
			firstFailure ??= error instanceof Error ? error.message : String(error);
			retiredIdeas.add(ideaId);
		} finally {
			busyIdeas.delete(ideaId);
		}
	};

	const startedAt = nowMs();
	for (let slot = 0; slot < warmupSlots + scheduled; slot++) {
		// Sleeping until each slot's own time, not for a fixed interval, keeps the rate from drifting.
		await sleep(startedAt + slot * intervalMs - nowMs());
		const measured = slot >= warmupSlots;
		const ideaId = freeIdeaFrom(slot);
		if (ideaId === undefined) {
			if (measured) skipped++;
			continue;
		}
		if (measured) sent++;
		inFlight.push(castOnce(slot % target.voterCount, ideaId, measured));
	}
	await Promise.all(inFlight);

	// `confirmed` is in ack order; with one cast in flight per idea that is each idea's send order, as matching needs.
	return {
		scheduled,
		sent,
		skipped,
		failed,
		firstFailure,
		confirmed,
		ackLatenciesMs: Float64Array.from(ackLatencies),
		measuredFrom: startedAt + warmupSlots * intervalMs
	};
}
