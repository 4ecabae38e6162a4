import type { App } from './app';

/**
 * SvelteKit's bundle and the server entry load separate copies of our modules, so the one app object crosses over
 * through this single globalThis slot, written once by the entry point and read in hooks.server.ts.
 */
const SLOT = Symbol.for('agora.app');

type Slot = { [SLOT]?: App };

export function provideApp(app: App): void {
	(globalThis as Slot)[SLOT] = app;
}

export function useApp(): App {
	const app = (globalThis as Slot)[SLOT];
	if (!app) throw new Error('Agora app not provided: start through server/index.ts or the Vite plugin.');
	return app;
}
