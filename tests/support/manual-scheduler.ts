import type { Scheduler } from '../../server/coalescer';

/** Timers that fire only when the test moves time forward. */
export function manualScheduler() {
	let now = 0;
	let tasks: { at: number; task: () => void }[] = [];
	const scheduler: Scheduler = {
		schedule(delayMs, task) {
			const entry = { at: now + delayMs, task };
			tasks.push(entry);
			return () => {
				tasks = tasks.filter((other) => other !== entry);
			};
		}
	};
	return {
		scheduler,
		pendingTimers: () => tasks.length,
		advance(milliseconds: number) {
			const until = now + milliseconds;
			for (;;) {
				const next = tasks.filter((entry) => entry.at <= until).sort((a, b) => a.at - b.at)[0];
				if (!next) break;
				tasks = tasks.filter((entry) => entry !== next);
				now = next.at;
				next.task();
			}
			now = until;
		}
	};
}
