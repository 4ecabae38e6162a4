import { sendCommand, type AgoraClientSocket } from './client';

const RETRY_MS = 1_000;
const RETRY_MAX_MS = 60_000;

/**
 * Watches one idea's room (`idea:<id>`): joins on every connection that did not recover its rooms, and after a
 * reconnection asks the page to read the idea again (`onResync`), since facts sent while it was away are lost. A
 * refused join is tried again, doubling up to a minute. Returns the function that stops watching.
 */
export function watchIdea(options: {
	readonly socket: AgoraClientSocket;
	readonly ideaId: string;
	readonly onStatus: (status: 'live' | 'offline') => void;
	readonly onResync: () => void;
}): () => void {
	const { socket, ideaId, onStatus, onResync } = options;
	let joined = false;
	let dropped = false;
	let active = true;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;

	const join = async (retryMs: number): Promise<void> => {
		clearTimeout(retryTimer);
		const answer = await sendCommand(socket, 'idea:join', { ideaId });
		if (!active) return;
		if (!answer.ok) {
			if (socket.connected) retryTimer = setTimeout(() => void join(Math.min(retryMs * 2, RETRY_MAX_MS)), retryMs);
			return;
		}
		joined = true;
		onStatus('live');
		if (dropped) onResync();
	};
	const onConnect = () => {
		if (socket.recovered && joined) onStatus('live');
		else {
			joined = false;
			void join(RETRY_MS);
		}
	};
	const onDrop = () => {
		dropped = true;
		onStatus('offline');
	};
	socket.on('connect', onConnect);
	socket.on('disconnect', onDrop);
	if (socket.connected) void join(RETRY_MS);
	return () => {
		active = false;
		clearTimeout(retryTimer);
		socket.off('connect', onConnect);
		socket.off('disconnect', onDrop);
		void sendCommand(socket, 'idea:leave', { ideaId });
	};
}
