import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { oneBuildAtATime } from './map-filters';
import { createSnapshotCache } from './snapshot-cache';

describe('snapshot cache', () => {
	it('[M21] builds one key at a time, however many new keys are asked at once; a key held costs no admission', async () => {
		const cache = createSnapshotCache<string>({
			clock: { now: () => new Date() },
			log: pino({ level: 'silent' }),
			capacity: 24,
			minIntervalMs: 60_000,
			what: 'a test view',
			turn: oneBuildAtATime()
		});
		let running = 0;
		let most = 0;
		const admitted: string[] = [];
		const build = (key: string) => async () => {
			running += 1;
			most = Math.max(most, running);
			await new Promise((resolve) => setTimeout(resolve, 5));
			running -= 1;
			return `view of ${key}`;
		};
		const ask = (key: string) =>
			cache.get(key, null, async () => null, build(key), async () => {
				admitted.push(key);
			});
		const keys = ['a', 'b', 'c', 'd', 'e'];
		const views = await Promise.all(keys.map(ask));
		expect(views.map((view) => view.value)).toEqual(keys.map((key) => `view of ${key}`));
		expect(most).toBe(1);
		expect(admitted).toEqual(keys);
		await Promise.all(keys.map(ask));
		expect(admitted).toEqual(keys);
	});
});
