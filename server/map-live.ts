import type { Logger } from 'pino';
import type { DomainEvent } from '../src/lib/domain/events';
import { boxContains, tilesOfPoint, type MapChange, type MapChangedPayload } from '../src/lib/domain/map-live';
import { rooms } from '../src/lib/realtime/protocol';
import type { App } from '../src/lib/server/app';
import { createMapChangeCoalescer } from './map-coalescer';
import type { AgoraServer } from './realtime';

/** Pins never move (an edit changes text and topic, not the place), so where an idea is can be remembered. */
const REMEMBERED_LOCATIONS = 10_000;

interface Pending {
	readonly projectId: string;
	readonly ideaId: string;
	readonly change: MapChange;
	readonly location: { readonly lng: number; readonly lat: number } | null;
}

export interface MapLive {
	/** Takes a domain event; the ones a map shows become a `map:changed` for the views that hold the idea. */
	note(event: DomainEvent): void;
	/** Sends what the coalescer keeps (shutdown). */
	close(): void;
}

/**
 * M6/M7: live map changes. Each node coalesces the changes its own services publish, locates the idea, delivers to
 * its own watchers and hands the change to the other nodes (`serverSideEmit`), which deliver to theirs. Delivery is
 * per node because it filters: the tile rooms name the candidates, and only a socket whose exact box holds the pin
 * receives it (a tile is wider than the view at its edges).
 */
export function createMapLive(io: AgoraServer, app: App, log: Logger, clustered: boolean): MapLive {
	const locations = new Map<string, { projectId: string; lng: number; lat: number }>();

	function remember(ideaId: string, location: { projectId: string; lng: number; lat: number }): void {
		locations.delete(ideaId);
		locations.set(ideaId, location);
		if (locations.size > REMEMBERED_LOCATIONS) locations.delete(locations.keys().next().value!);
	}

	function tileRoomsOf(payload: MapChangedPayload): string[] {
		return tilesOfPoint(payload.lng, payload.lat).flatMap((tile) => [rooms.mapTile(null, tile), rooms.mapTile(payload.projectId, tile)]);
	}

	/** This node's watchers whose exact box holds the pin, and every local socket of those tile rooms. */
	function deliver(payload: MapChangedPayload, tileRooms: readonly string[]): string[] {
		const candidates = new Set<string>();
		for (const room of tileRooms) for (const id of io.sockets.adapter.rooms.get(room) ?? []) candidates.add(id);
		for (const id of candidates) {
			const socket = io.sockets.sockets.get(id);
			const watch = socket?.data.mapWatch;
			if (!socket || !watch || (watch.projectId !== null && watch.projectId !== payload.projectId)) continue;
			if (boxContains(watch.box, payload.lng, payload.lat)) socket.emit('map:changed', payload);
		}
		return [...candidates];
	}

	function publish(payload: MapChangedPayload): void {
		const tileRooms = tileRoomsOf(payload);
		const local = deliver(payload, tileRooms);
		// Other nodes' watchers of those tiles get it through the rooms (the adapter's stream, which survives a Redis
		// outage quietly), at the tile's precision; this node's sockets are left out, they were served exactly above.
		// serverSideEmit would let each node check exact boxes too, but its publish rejects out of reach while Redis
		// is down: one unhandled rejection per change.
		if (clustered) io.to(tileRooms).except(local).emit('map:changed', payload);
	}

	async function send(pending: Pending): Promise<void> {
		const known = pending.location ?? locations.get(pending.ideaId) ?? (await app.services.map.locate(pending.ideaId));
		if (!known) return;
		remember(pending.ideaId, { projectId: pending.projectId, lng: known.lng, lat: known.lat });
		publish({ projectId: pending.projectId, ideaId: pending.ideaId, change: pending.change, lng: known.lng, lat: known.lat });
	}

	const coalescer = createMapChangeCoalescer<Pending>({
		windowMs: app.config.liveCountsWindowMs,
		send: (pending) => void send(pending).catch((error: unknown) => log.warn({ err: error, ideaId: pending.ideaId }, 'could not send a map change'))
	});

	const offer = (projectId: string, ideaId: string, change: MapChange, location: Pending['location'] = null) =>
		coalescer.offer({ projectId, ideaId, change, location });

	return {
		note(event) {
			switch (event.type) {
				case 'idea.created':
					return offer(event.projectId, event.idea.id, 'created', { lng: event.idea.location.lng, lat: event.idea.location.lat });
				case 'idea.counted':
					return offer(event.projectId, event.ideaId, 'counted');
				case 'idea.edited':
					return offer(event.projectId, event.ideaId, 'edited');
				case 'idea.withdrawn':
					return offer(event.projectId, event.ideaId, 'withdrawn');
				// MO3/MO4: to a map, a hidden idea leaves like a withdrawn one (the refetch no longer holds it), and comes back like a new one.
				case 'idea.hidden':
					return offer(event.projectId, event.ideaId, 'withdrawn');
				case 'idea.restored':
					return offer(event.projectId, event.idea.id, 'created', { lng: event.idea.location.lng, lat: event.idea.location.lat });
				default:
					return;
			}
		},
		close: () => coalescer.close()
	};
}
