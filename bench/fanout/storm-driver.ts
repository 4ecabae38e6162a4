import type { VoteValue } from '../../src/lib/domain/votes';
import { nowMs, sleep } from './clock';
import type { DriveOptions } from './driver';
import type { FanoutTarget } from './target';

/** A measured cast on the storm's idea, as its ack reported it. */
export interface StormCast {
	/** The version of the idea's counts this cast produced: a watcher showing it or a newer one has seen this vote. */
	readonly votesVersion: number;
	readonly sentAt: number;
	readonly ackedAt: number;
}

export interface StormDriveResult {
	readonly scheduled: number;
	readonly sent: number;
	/** Slots when every voter still had a cast in flight. */
	readonly skipped: number;
	/**
	 * Slots that came more than LATE_MS after their time, because the process (server and driver share it) was busy:
	 * not cast, so a side that falls behind shows it here instead of stretching the run.
	 */
	readonly late: number;
	readonly failed: number;
	readonly firstFailure: string | null;
	readonly casts: readonly StormCast[];
	/** Highest version any ack reported, warm-up included: what every watcher must show in the end. */
	readonly lastVersion: number;
	readonly startedAt: number;
}

const LATE_MS = 100;

/**
 * Casts votes on ONE idea at a steady rate. Unlike driver.ts, casts overlap: each slot takes the next voter without a
 * cast in flight, and each voter flips its vote every time, so every cast changes the counts.
 */
export async function driveStorm(target: FanoutTarget, options: DriveOptions): Promise<StormDriveResult> {
	const ideaId = target.ideaIds[0]!;
	const warmupSlots = Math.round(options.ratePerSecond * options.warmupSeconds);
	const scheduled = Math.round(options.ratePerSecond * options.durationSeconds);
	const intervalMs = 1000 / options.ratePerSecond;
	const busy = new Set<number>();
	const lastVotes = new Map<number, VoteValue>();
	const casts: StormCast[] = [];
	const inFlight: Promise<void>[] = [];
	let sent = 0;
	let skipped = 0;
	let late = 0;
	let failed = 0;
	let firstFailure: string | null = null;
	let lastVersion = 0;

	const freeVoterFrom = (start: number): number | undefined => {
		for (let offset = 0; offset < target.voterCount; offset++) {
			const voter = (start + offset) % target.voterCount;
			if (!busy.has(voter)) return voter;
		}
		return undefined;
	};

	const castOnce = async (voter: number, measured: boolean): Promise<void> => {
		const value: VoteValue = lastVotes.get(voter) === 1 ? -1 : 1;
		busy.add(voter);
		const sentAt = nowMs();
		try {
			const tally = await target.cast(voter, ideaId, value);
			lastVotes.set(voter, value);
			lastVersion = Math.max(lastVersion, tally.votesVersion);
			if (measured) casts.push({ votesVersion: tally.votesVersion, sentAt, ackedAt: nowMs() });
		} catch (error) {
			failed++;
			firstFailure ??= error instanceof Error ? error.message : String(error);
		} finally {
			busy.delete(voter);
		}
	};

	const startedAt = nowMs();
	const total = warmupSlots + scheduled;
	// Every slot that came due while the process slept is cast in the same turn: a timer fires at best every
	// millisecond or so, and one cast per wake-up would let a 2 ms schedule drift behind by itself.
	for (let slot = 0; slot < total; ) {
		await sleep(startedAt + slot * intervalMs - nowMs());
		const now = nowMs();
		for (; slot < total && startedAt + slot * intervalMs <= now; slot++) {
			const measured = slot >= warmupSlots;
			if (now - (startedAt + slot * intervalMs) > LATE_MS) {
				if (measured) late++;
				continue;
			}
			const voter = freeVoterFrom(slot);
			if (voter === undefined) {
				if (measured) skipped++;
				continue;
			}
			if (measured) sent++;
			inFlight.push(castOnce(voter, measured));
		}
	}
	await Promise.all(inFlight);
	return { scheduled, sent, skipped, late, failed, firstFailure, casts, lastVersion, startedAt };
}
