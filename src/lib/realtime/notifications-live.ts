import type { NotificationItem } from '../domain/notifications';
import type { AgoraClientSocket } from './client';

/**
 * N1/N5: keeps a bell up to date: new notifications and read marks from the user's own room, and after a reconnection
 * that did not recover what was sent meanwhile, the list read again. Returns the function that stops.
 */
export function followNotifications(options: {
	readonly socket: AgoraClientSocket;
	readonly onNew: (item: NotificationItem) => void;
	readonly onRead: (factIds: readonly string[] | null) => void;
	readonly onResync: (items: readonly NotificationItem[]) => void;
}): () => void {
	const { socket, onNew, onRead, onResync } = options;
	let connectedBefore = socket.connected;
	const onConnect = () => {
		if (connectedBefore && !socket.recovered) {
			void fetch('/api/notifications', { headers: { accept: 'application/json' } })
				.then((response) => (response.ok ? (response.json() as Promise<{ items: NotificationItem[] }>) : null))
				.then((list) => list && onResync(list.items))
				.catch(() => {});
		}
		connectedBefore = true;
	};
	const onReadMark = (payload: { factIds: string[] | null }) => onRead(payload.factIds);
	socket.on('connect', onConnect);
	socket.on('notification:new', onNew);
	socket.on('notification:read', onReadMark);
	return () => {
		socket.off('connect', onConnect);
		socket.off('notification:new', onNew);
		socket.off('notification:read', onReadMark);
	};
}
