import { describe, expect, it } from 'vitest';
import { manualScheduler } from '../tests/support/manual-scheduler';
import type { MapChange } from '../src/lib/domain/map-live';
import { createMapChangeCoalescer } from './map-coalescer';

function setUp(windowMs = 50) {
	const time = manualScheduler();
	const sent: { ideaId: string; change: MapChange }[] = [];
	const coalescer = createMapChangeCoalescer<{ ideaId: string; change: MapChange }>({ windowMs, send: (change) => sent.push(change), scheduler: time.scheduler });
	return { time, sent, coalescer };
}

describe('map change coalescer', () => {
	it('[M7] sends a quiet idea’s change at once', () => {
		const { sent, coalescer } = setUp();
		coalescer.offer({ ideaId: 'a', change: 'created' });
		expect(sent).toEqual([{ ideaId: 'a', change: 'created' }]);
	});

	it('[M7] sends at most one change per idea per window, the one that matters most', () => {
		const { time, sent, coalescer } = setUp();
		coalescer.offer({ ideaId: 'a', change: 'counted' });
		coalescer.offer({ ideaId: 'a', change: 'edited' });
		coalescer.offer({ ideaId: 'a', change: 'counted' });
		coalescer.offer({ ideaId: 'b', change: 'counted' });
		expect(sent.map((change) => change.ideaId)).toEqual(['a', 'b']);
		time.advance(49);
		expect(sent).toHaveLength(2);
		time.advance(1);
		expect(sent.slice(2)).toEqual([{ ideaId: 'a', change: 'edited' }]);
		time.advance(200);
		expect(sent).toHaveLength(3);
	});

	it('[M7] a withdrawal is never hidden behind a later count', () => {
		const { time, sent, coalescer } = setUp();
		coalescer.offer({ ideaId: 'a', change: 'created' });
		coalescer.offer({ ideaId: 'a', change: 'withdrawn' });
		coalescer.offer({ ideaId: 'a', change: 'counted' });
		time.advance(50);
		expect(sent.map((change) => change.change)).toEqual(['created', 'withdrawn']);
	});

	it('[M7] close sends what is kept and then sends at once', () => {
		const { time, sent, coalescer } = setUp();
		coalescer.offer({ ideaId: 'a', change: 'counted' });
		coalescer.offer({ ideaId: 'a', change: 'edited' });
		coalescer.close();
		expect(sent.map((change) => change.change)).toEqual(['counted', 'edited']);
		coalescer.offer({ ideaId: 'a', change: 'counted' });
		expect(sent).toHaveLength(3);
		expect(time.pendingTimers()).toBe(0);
	});

	it('[M7] a window of 0 sends every change', () => {
		const { sent, coalescer } = setUp(0);
		coalescer.offer({ ideaId: 'a', change: 'counted' });
		coalescer.offer({ ideaId: 'a', change: 'counted' });
		expect(sent).toHaveLength(2);
	});
});
