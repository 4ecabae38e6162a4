import { describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '../domain/points';
import { LeaderboardState } from './leaderboard.svelte';

const snapshot = (version: number, points: number[], board: BoardSnapshot['board'] = 'all'): BoardSnapshot => ({
	board,
	version,
	total: points.length,
	lines: points.map((value, index) => ({ rank: index + 1, userId: `u${index}`, displayName: `Person ${index}`, points: value }))
});

describe('LeaderboardState', () => {
	it('[LB4] keeps a live snapshot only when it is newer than the one shown', () => {
		const state = new LeaderboardState({ snapshot: snapshot(3, [10, 5]), own: null });
		expect(state.receive(snapshot(2, [1]))).toBe(false);
		expect(state.receive(snapshot(3, [99]))).toBe(false);
		expect(state.snapshot.lines.map((line) => line.points)).toEqual([10, 5]);
		expect(state.receive(snapshot(4, [12, 5, 1]))).toBe(true);
		expect(state.snapshot).toMatchObject({ version: 4, total: 3 });
	});

	it('[LB4] ignores snapshots of another board', () => {
		const state = new LeaderboardState({ snapshot: snapshot(1, [10]), own: null });
		expect(state.receive(snapshot(9, [1], 'month:2026-12'))).toBe(false);
		expect(state.board).toBe('all');
	});

	it('[LB8] a move on this board updates the own standing and says how many places', () => {
		const state = new LeaderboardState({ snapshot: snapshot(1, [10]), own: { board: 'all', rank: 14, points: 230, listed: true } });
		expect(state.moved({ board: 'all', from: 14, to: 11, points: 240 })).toEqual({ kind: 'moved', places: 3 });
		expect(state.own).toEqual({ board: 'all', rank: 11, points: 240, listed: true });
		expect(state.moved({ board: 'all', from: 11, to: 12, points: 235 })).toEqual({ kind: 'moved', places: -1 });
		expect(state.moved({ board: 'all', from: null, to: 5, points: 5 })).toEqual({ kind: 'entered', rank: 5 });
	});

	it('[LB2] an opted-out viewer keeps seeing where they stand, still marked hidden', () => {
		const state = new LeaderboardState({ snapshot: snapshot(1, [10]), own: { board: 'all', rank: 2, points: 4, listed: false } });
		state.moved({ board: 'all', from: 2, to: 1, points: 20 });
		expect(state.own).toMatchObject({ rank: 1, listed: false });
	});

	it('[LB8] a move on another board changes nothing here', () => {
		const state = new LeaderboardState({ snapshot: snapshot(1, [10]), own: { board: 'all', rank: 3, points: 4, listed: true } });
		expect(state.moved({ board: 'month:2026-12', from: 3, to: 1, points: 9 })).toBeNull();
		expect(state.own?.rank).toBe(3);
	});
});
