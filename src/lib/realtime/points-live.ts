import type { BadgeLevel } from '../domain/points';
import type { AgoraClientSocket } from './client';

/**
 * PT1/BG8: follows the person's own room for their points total and new badges. Returns the function that stops.
 */
export function followOwnPoints(options: {
	readonly socket: AgoraClientSocket;
	readonly onTotal: (total: number) => void;
	readonly onBadges: (badges: readonly BadgeLevel[]) => void;
}): () => void {
	const { socket, onTotal, onBadges } = options;
	const onChanged = (payload: { total: number }) => onTotal(payload.total);
	const onAwarded = (payload: { badges: BadgeLevel[] }) => onBadges(payload.badges);
	socket.on('points:changed', onChanged);
	socket.on('badge:awarded', onAwarded);
	return () => {
		socket.off('points:changed', onChanged);
		socket.off('badge:awarded', onAwarded);
	};
}
