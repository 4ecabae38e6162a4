import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/protocol';

/** Both servers speak Agora's protocol (the reference implements the two commands the benchmark uses). */
export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Where listeners connect and which project room they join. */
export interface ListenerEndpoint {
	readonly url: string;
	readonly path: string;
	readonly projectId: string;
}

type CommandName = keyof ClientToServerEvents;
type PayloadOf<Name extends CommandName> = Parameters<ClientToServerEvents[Name]>[0];
type DataOf<Name extends CommandName> = Parameters<Parameters<ClientToServerEvents[Name]>[1]>[0] extends Ack<infer Data> ? Data : never;

export const COMMAND_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One WebSocket-only connection. `forceNew` because socket.io-client otherwise multiplexes every socket to the same
 * URL over one connection; no reconnection, so a dropped listener stays dropped instead of replaying what it missed.
 */
export async function connectSocket(endpoint: { url: string; path: string }, cookie?: string): Promise<BenchSocket> {
	const socket: BenchSocket = io(endpoint.url, {
		path: endpoint.path,
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		timeout: CONNECT_TIMEOUT_MS,
		...(cookie ? { extraHeaders: { cookie } } : {})
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => {
			socket.close();
			reject(error);
		});
	});
	return socket;
}

/** Sends a command and resolves with its data; rejects on an error ack or when no ack comes in time. */
export async function sendCommand<Name extends CommandName>(socket: BenchSocket, name: Name, payload: PayloadOf<Name>): Promise<DataOf<Name>> {
	// Socket.io cannot type the ack of a generic event name after timeout(); the protocol fixes it as Ack<DataOf<Name>>.
	const timed = socket.timeout(COMMAND_TIMEOUT_MS) as unknown as { emitWithAck(event: Name, payload: PayloadOf<Name>): Promise<Ack<DataOf<Name>>> };
	const ack = await timed.emitWithAck(name, payload);
	if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code}: ${ack.error.message}`);
	return ack.data;
}
