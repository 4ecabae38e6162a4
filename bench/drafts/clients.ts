/**
 * A share of the bench's editors in their own process: `tsx bench/drafts/clients.ts` with its job on IPC. Each editor
 * is a stock client of the target (y-websocket's WebsocketProvider for Agora and the stock server, HocuspocusProvider
 * for Hocuspocus) that types at `rate` edits a second; every edit stamps its send time in the document, and the
 * observing editors record how long each other editor's stamp took to reach them.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket as WsWebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TargetName } from './server';

export interface ClientJob {
	readonly target: TargetName;
	readonly url: string;
	readonly editors: { readonly document: string; readonly credential: string; readonly key: string; readonly observes: boolean }[];
	readonly rate: number;
	readonly seconds: number;
	/** Loopback source addresses to spread the connections over (Agora counts open connections per address, Y8). */
	readonly localAddresses: string[];
}

const now = () => performance.timeOrigin + performance.now();
// Each y-websocket provider listens for the process's exit until destroyed: hundreds here, by design.
process.setMaxListeners(0);

function agoraWebSocket(cookie: string | null, localAddress: string): typeof globalThis.WebSocket {
	class BenchWebSocket extends WsWebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { localAddress, ...(cookie ? { headers: { cookie } } : {}) });
		}
	}
	return BenchWebSocket as unknown as typeof globalThis.WebSocket;
}

interface Editor {
	readonly doc: Y.Doc;
	readonly synced: Promise<void>;
	destroy(): void;
}

function connect(job: ClientJob, editor: ClientJob['editors'][number], index: number): Editor {
	const doc = new Y.Doc();
	const localAddress = job.localAddresses[index % job.localAddresses.length]!;
	if (job.target === 'hocuspocus') {
		let resolve: () => void;
		const synced = new Promise<void>((r) => (resolve = r));
		// One socket per editor, as one browser tab has.
		const socket = new HocuspocusProviderWebsocket({ url: job.url, WebSocketPolyfill: agoraWebSocket(null, localAddress) });
		const provider = new HocuspocusProvider({ websocketProvider: socket, name: editor.document, document: doc, token: editor.credential, onSynced: () => resolve() });
		provider.attach();
		return {
			doc,
			synced,
			destroy: () => {
				provider.destroy();
				socket.destroy();
			}
		};
	}
	const provider = new WebsocketProvider(job.target === 'agora' ? `${job.url.replace(/^http/, 'ws')}/yjs` : job.url, editor.document, doc, {
		WebSocketPolyfill: agoraWebSocket(job.target === 'agora' ? editor.credential : null, localAddress),
		disableBc: true
	});
	const synced = new Promise<void>((resolve) => {
		const onSync = (isSynced: boolean) => {
			if (!isSynced) return;
			provider.off('sync', onSync);
			resolve();
		};
		provider.on('sync', onSync);
	});
	return { doc, synced, destroy: () => provider.destroy() };
}

process.once('message', (job: ClientJob) => {
	void (async () => {
		const latencies: number[] = [];
		const editors: Editor[] = [];
		// Handshakes a few at a time: Agora refuses more than 50 in flight per address (Y8).
		for (let start = 0; start < job.editors.length; start += 20) {
			const batch = job.editors.slice(start, start + 20).map((editor, i) => connect(job, editor, start + i));
			editors.push(...batch);
			await Promise.all(batch.map((editor) => editor.synced));
		}
		for (const [index, editor] of editors.entries()) {
			const { key, observes } = job.editors[index]!;
			if (!observes) continue;
			editor.doc.getMap<number>('stamps').observe((event) => {
				const at = now();
				for (const changed of event.keysChanged) {
					if (changed === key) continue;
					const sent = event.target.get(changed);
					if (typeof sent === 'number') latencies.push(at - sent);
				}
			});
		}
		process.send!('ready');
		await new Promise<void>((resolve) => process.once('message', () => resolve()));
		const timers = editors.map((editor, index) => {
			const { key } = job.editors[index]!;
			const text = editor.doc.getText('notes');
			const map = editor.doc.getMap<number>('stamps');
			const type = () =>
				editor.doc.transact(() => {
					text.insert(Math.floor(Math.random() * (text.length + 1)), 'x');
					map.set(key, now());
				});
			// Editors start spread over one period, as people do, and then keep their own rhythm.
			const period = 1000 / job.rate;
			let interval: NodeJS.Timeout | null = null;
			const start = setTimeout(() => {
				type();
				interval = setInterval(type, period);
			}, Math.random() * period);
			return () => {
				clearTimeout(start);
				if (interval) clearInterval(interval);
			};
		});
		await new Promise((resolve) => setTimeout(resolve, job.seconds * 1000));
		for (const stop of timers) stop();
		// Stamps still in flight arrive within this.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		for (const editor of editors) editor.destroy();
		process.send!({ latencies });
		setTimeout(() => process.exit(0), 200);
	})();
});
