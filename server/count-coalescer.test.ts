import { describe, expect, it } from 'vitest';
import { manualScheduler } from '../tests/support/manual-scheduler';
import { createCountCoalescer } from './count-coalescer';

interface Counts {
	ideaId: string;
	votesVersion: number;
	upvotes: number;
}

function setUp(windowMs = 50) {
	const time = manualScheduler();
	const sent: Counts[] = [];
	const coalescer = createCountCoalescer<Counts>({ windowMs, send: (snapshot) => sent.push(snapshot), scheduler: time.scheduler });
	const counts = (votesVersion: number, ideaId = 'a'): Counts => ({ ideaId, votesVersion, upvotes: votesVersion });
	return { time, sent, coalescer, counts };
}

describe('count coalescer', () => {
	it('[V6] sends the counts of a quiet idea at once', () => {
		const { sent, coalescer, counts } = setUp();
		coalescer.offer(counts(1));
		expect(sent).toEqual([counts(1)]);
	});

	it('[V6] within a window keeps only the newest snapshot and sends it when the window ends', () => {
		const { time, sent, coalescer, counts } = setUp();
		coalescer.offer(counts(1));
		time.advance(10);
		coalescer.offer(counts(2));
		coalescer.offer(counts(3));
		time.advance(39);
		expect(sent.map((s) => s.votesVersion)).toEqual([1]);
		time.advance(1);
		expect(sent.map((s) => s.votesVersion)).toEqual([1, 3]);
	});

	it('[V6] a storm costs one message per window, and the last message is the last snapshot', () => {
		const { time, sent, coalescer, counts } = setUp();
		// 200 snapshots, one every 2 ms: 400 ms of storm.
		for (let version = 1; version <= 200; version++) {
			coalescer.offer(counts(version));
			time.advance(2);
		}
		time.advance(200);
		expect(sent.length).toBeLessThanOrEqual(400 / 50 + 2);
		expect(sent.at(-1)).toEqual(counts(200));
		expect(sent.map((s) => s.votesVersion)).toEqual([...sent.map((s) => s.votesVersion)].sort((a, b) => a - b));
	});

	it('[V6] an idea quiet for a whole window is sent at once again, and forgotten until then', () => {
		const { time, sent, coalescer, counts } = setUp();
		coalescer.offer(counts(1));
		time.advance(50);
		expect(time.pendingTimers()).toBe(0);
		time.advance(500);
		coalescer.offer(counts(2));
		expect(sent.map((s) => s.votesVersion)).toEqual([1, 2]);
	});

	it('[V6] keeps a window per idea: a storm on one idea does not delay another', () => {
		const { time, sent, coalescer, counts } = setUp();
		coalescer.offer(counts(1, 'a'));
		coalescer.offer(counts(2, 'a'));
		coalescer.offer(counts(1, 'b'));
		expect(sent).toEqual([counts(1, 'a'), counts(1, 'b')]);
		time.advance(50);
		expect(sent).toEqual([counts(1, 'a'), counts(1, 'b'), counts(2, 'a')]);
	});

	it('[V5][V6] drops a snapshot older than one already sent or kept', () => {
		const { time, sent, coalescer, counts } = setUp();
		coalescer.offer(counts(5));
		coalescer.offer(counts(4));
		coalescer.offer(counts(7));
		coalescer.offer(counts(6));
		time.advance(50);
		expect(sent.map((s) => s.votesVersion)).toEqual([5, 7]);
	});

	it('[V6] closing sends what is kept at once, and sends later snapshots without waiting', () => {
		const { time, sent, coalescer, counts } = setUp();
		coalescer.offer(counts(1));
		coalescer.offer(counts(2));
		coalescer.close();
		expect(sent.map((s) => s.votesVersion)).toEqual([1, 2]);
		expect(time.pendingTimers()).toBe(0);
		coalescer.offer(counts(3));
		expect(sent.map((s) => s.votesVersion)).toEqual([1, 2, 3]);
	});

	it('[V6] a window of 0 sends every snapshot', () => {
		const { sent, coalescer, counts } = setUp(0);
		coalescer.offer(counts(1));
		coalescer.offer(counts(2));
		expect(sent.map((s) => s.votesVersion)).toEqual([1, 2]);
	});
});
