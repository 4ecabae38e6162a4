import type { Plugin } from 'vite';
import { tsImport } from 'tsx/esm/api';
import type * as DevRealtime from './dev-realtime';

/**
 * Development: the same composition root and realtime layer as production, attached to Vite's HTTP server, so
 * `npm run dev` has hot reload and live sockets on one port. The server modules load through tsx rather than into
 * Vite's config bundle, which keeps config loading fast and the modules identical to production's.
 */
export function agoraRealtime(): Plugin {
	return {
		name: 'agora-realtime',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			const { attachDevRealtime } = (await tsImport('./dev-realtime.ts', import.meta.url)) as typeof DevRealtime;
			await attachDevRealtime(server);
		}
	};
}
