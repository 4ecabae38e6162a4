import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aProject } from '../support/builders';
import { signIn, type SignedInPersona } from '../support/personas';
import { startTestServer } from '../support/server';
import { connectYClient, storedText, waitForDocs, whenSynced, type YClient } from '../support/yjs';

/**
 * The Must-show property of issue 9: 20 real y-websocket clients apply random concurrent edits with random
 * disconnects and reconnects (edits made while away merge when they come back); all converge to the same text, and
 * that text is what the server stored, read after a restart. fast-check prints the seed of any failing run.
 */

const CLIENTS = 20;

type Action =
	| { readonly kind: 'insert'; readonly client: number; readonly at: number; readonly text: string }
	| { readonly kind: 'delete'; readonly client: number; readonly at: number; readonly length: number }
	| { readonly kind: 'disconnect' | 'reconnect'; readonly client: number }
	| { readonly kind: 'pause' };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const position = fc.double({ min: 0, max: 1, noNaN: true });
const action: fc.Arbitrary<Action> = fc.oneof(
	{ weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), client, at: position, text: fc.string({ minLength: 1, maxLength: 6 }) }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), client, at: position, length: fc.integer({ min: 1, max: 4 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), client }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('reconnect' as const), client }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) }
);

describe('convergence (issue 9, Must show)', () => {
	it('[Y15] 20 clients with random concurrent edits, disconnects and reconnects converge to the text the server stored', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(action, { minLength: 40, maxLength: 120 }), async (actions) => {
				const first = await startTestServer();
				const dataDir = first.app.config.dataDir;
				const clients: YClient[] = [];
				try {
					const docName = `notes:${(await aProject(first.app)).id}`;
					// Three writers (20 open connections per account, Y8), the clients spread over them.
					const writers: SignedInPersona[] = [await signIn(first.app, 'fatou'), await signIn(first.app, 'max'), await signIn(first.app, 'ada')];
					for (let i = 0; i < CLIENTS; i++) {
						clients.push(await connectYClient(first.url, docName, writers[i % writers.length]!.cookie, `client ${i}`, () => {}));
					}
					for (const step of actions) {
						if (step.kind === 'pause') {
							// Let the server and the other clients catch up now and then; most edits stay blind and concurrent.
							await new Promise((resolve) => setTimeout(resolve, 5));
							continue;
						}
						const { text, provider } = clients[step.client]!;
						if (step.kind === 'insert') text.insert(Math.floor(step.at * (text.length + 1)), step.text);
						else if (step.kind === 'delete') {
							const at = Math.floor(step.at * text.length);
							if (text.length > at) text.delete(at, Math.min(step.length, text.length - at));
						} else if (step.kind === 'disconnect') provider.disconnect();
						else provider.connect();
					}
					for (const { provider } of clients) if (!provider.shouldConnect) provider.connect();
					await Promise.all(clients.map(({ provider }, i) => whenSynced(provider, `client ${i} to sync again`)));
					const texts = () => clients.map(({ text }) => text.toString());
					await waitForDocs(
						clients.map(({ doc }) => doc),
						() => new Set(texts()).size === 1,
						() => `all 20 to converge: ${new Set(texts()).size} different texts`,
						15_000
					);
					const converged = clients[0]!.text.toString();
					for (const c of clients) c.destroy();
					clients.length = 0;

					await first.close({ keepData: true });
					const restarted = await startTestServer({ dataDir });
					try {
						expect(await storedText(restarted.app, docName)).toBe(converged);
					} finally {
						await restarted.close();
					}
				} finally {
					for (const c of clients) c.destroy();
					await first.close().catch(() => {});
					rmSync(dataDir, { recursive: true, force: true });
				}
			}),
			{ numRuns: 4 }
		);
	}, 240_000);
});
