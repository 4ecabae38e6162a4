import type { Server as HttpServer } from 'node:http';
import type { ViteDevServer } from 'vite';
import { createApp } from '../src/lib/server/app';
import { readConfig } from '../src/lib/server/config';
import { provideApp } from '../src/lib/server/registry';
import { createHttpApp } from './http';
import { attachRealtime, type Realtime } from './realtime';

/** Builds the app once, provides it to SvelteKit, and puts health, Socket.io and Yjs on Vite's server. */
export async function attachDevRealtime(server: ViteDevServer): Promise<void> {
	const httpServer = server.httpServer as HttpServer;
	const app = await createApp(readConfig(process.env));
	provideApp(app);
	const realtime: Realtime = await attachRealtime(httpServer, app, { destroyUnclaimedUpgrades: false });
	server.middlewares.use(createHttpApp(app, () => realtime, null));
	httpServer.once('close', () => {
		void realtime.close().then(() => app.close());
	});
}
