/**
 * The probes of the issue "Trust on every live path", replayed against the real build on one node (SQLite):
 * floods from one account, many connections from one address, off-site returnTo spellings, a foreign-scheme Origin.
 * `npm run build && npm run bench:trust`. Prints what each probe is answered; docs/SECURITY.md keeps the figures.
 */
import { io } from 'socket.io-client';
import type { AgoraClientSocket } from '../../src/lib/realtime/client';
import { aProject, anIdea, ideaInput } from '../../tests/support/builders';
import { postAction } from '../../tests/support/http';
import { PERSONA_PASSWORD, signIn, signInCitizen } from '../../tests/support/personas';
import { startTestServer } from '../../tests/support/server';

type AnyAck = { ok: boolean; error?: { code: string } };
type Refusal = Error & { data?: { code?: string } };

const server = await startTestServer({ svelteKit: true });
const connect = (cookie?: string) =>
	new Promise<AgoraClientSocket | Refusal>((resolve) => {
		const socket: AgoraClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => {
			socket.close();
			resolve(error);
		});
	});
const emit = (socket: AgoraClientSocket, event: string, payload: unknown) =>
	(socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<AnyAck> } }).timeout(20_000).emitWithAck(event, payload);
const tally = (answers: string[]) => answers.reduce<Record<string, number>>((counts, answer) => ((counts[answer] = (counts[answer] ?? 0) + 1), counts), {});
const codeOf = (ack: AnyAck) => (ack.ok ? 'ok' : ack.error!.code);
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
	const started = Date.now();
	const result = await work();
	return [result, Date.now() - started];
}

try {
	const project = await aProject(server.app, { slug: 'probe' });
	const amira = await signIn(server.app, 'amira');
	const socket = (await connect(amira.cookie)) as AgoraClientSocket;

	const [ideas, ideasMs] = await timed(() => Promise.all(Array.from({ length: 300 }, (_, n) => emit(socket, 'idea:create', ideaInput(project.id, { title: `Probe idea number ${n}` })))));
	console.log(`300 parallel idea:create from one account: ${JSON.stringify(tally(ideas.map(codeOf)))} in ${ideasMs} ms`);

	const idea = await anIdea(server.app, (await signInCitizen(server.app, 1)).actor, project.id);
	const [flips, flipsMs] = await timed(() => Promise.all(Array.from({ length: 1000 }, (_, n) => emit(socket, 'vote:cast', { ideaId: idea.id, value: n % 2 ? 1 : -1 }))));
	console.log(`1,000 vote flips from one account: ${JSON.stringify(tally(flips.map(codeOf)))} in ${flipsMs} ms`);
	socket.disconnect();

	const bruno = await signIn(server.app, 'bruno');
	const [forms, formsMs] = await timed(() =>
		Promise.all(Array.from({ length: 200 }, (_, n) => postAction(`${server.url}/projects/probe?/vote`, { ideaId: idea.id, choice: n % 2 ? 'up' : 'down' }, { cookie: bruno.cookie })))
	);
	console.log(`200 no-JS votes from one account: HTTP ${JSON.stringify(tally(forms.map(({ status }) => String(status))))} in ${formsMs} ms`);

	let slowestHealth = 0;
	let probing = true;
	const health = (async () => {
		while (probing) {
			const [, ms] = await timed(() => fetch(`${server.url}/healthz`));
			slowestHealth = Math.max(slowestHealth, ms);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	})();
	const outcomes: (AgoraClientSocket | Refusal)[] = [];
	const [, connectMs] = await timed(async () => {
		for (let batch = 0; batch < 20; batch++) outcomes.push(...(await Promise.all(Array.from({ length: 100 }, () => connect()))));
	});
	probing = false;
	await health;
	const refused = outcomes.filter((outcome): outcome is Refusal => outcome instanceof Error);
	console.log(
		`2,000 Socket.io connections from one address (batches of 100): ${outcomes.length - refused.length} accepted, refused ${JSON.stringify(tally(refused.map((error) => error.data?.code ?? error.message)))} in ${connectMs} ms; slowest /healthz meanwhile ${slowestHealth} ms`
	);
	for (const outcome of outcomes) if (!(outcome instanceof Error)) outcome.disconnect();

	for (const path of ['/signin?returnTo=%2F.%2F%2Fevil.example', '/signup?returnTo=%2F.%2F%2Fevil.example', '/signin?returnTo=%2Fprojects%2F..%2F..%2F%2Fevil.example']) {
		const response = await fetch(`${server.url}${path}`, { headers: { cookie: amira.cookie }, redirect: 'manual' });
		console.log(`GET ${path} (signed in): ${response.status} location: ${response.headers.get('location')}`);
	}
	const posted = await postAction(`${server.url}/signin`, { email: 'amira@test.example', password: PERSONA_PASSWORD, returnTo: '/.//evil.example' });
	console.log(`POST /signin returnTo=/.//evil.example: ${posted.status} location: ${posted.result.location}`);
	const raw = await fetch(`${server.url}/projects/../..//evil.example`, { redirect: 'manual' });
	console.log(`GET /projects/../..//evil.example (as fetch normalises it): ${raw.status} location: ${raw.headers.get('location')}`);

	const foreign = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: server.url.replace('http:', 'https:') } });
	const verdict = await new Promise((resolve) => {
		foreign.once('connect', () => resolve('accepted'));
		foreign.once('connect_error', () => resolve('refused'));
	});
	foreign.close();
	console.log(`Socket.io handshake with an https:// Origin on http: ${verdict}`);
} finally {
	await server.close();
}
