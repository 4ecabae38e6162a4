import { parseInput } from '../../src/lib/domain/validation';
import { mapUnwatchPayloadSchema, rooms } from '../../src/lib/realtime/protocol';
import type { MapWatch } from '../../src/lib/domain/map-live';
import { actorOf, onCommand, type AgoraSocket, type HandlerContext } from './command';

/** M6: following one map view live through its tile rooms; anyone, guests included, may watch. */
export function registerMapHandlers(socket: AgoraSocket, context: HandlerContext): void {
	const { services } = context.app;
	// Watches are answered in any order (each checks a limit and maybe a project): only the latest one received counts.
	let received = 0;

	async function replace(next: MapWatch | undefined): Promise<void> {
		const previous = socket.data.mapWatch;
		const joined = new Set(next ? next.tiles.map((tile) => rooms.mapTile(next.projectId, tile)) : []);
		for (const tile of previous?.tiles ?? []) {
			const room = rooms.mapTile(previous!.projectId, tile);
			if (!joined.has(room)) await socket.leave(room);
		}
		socket.data.mapWatch = next;
		if (joined.size > 0) await socket.join([...joined]);
	}

	onCommand(socket, context, 'map:watch', async (payload) => {
		received += 1;
		const mine = received;
		const watch = await services.map.watch(actorOf(socket), payload);
		if (mine === received) await replace(watch);
		return { tileZoom: Number(watch.tiles[0]!.split('/')[0]), tiles: watch.tiles.length };
	});
	onCommand(socket, context, 'map:unwatch', async (payload) => {
		parseInput(mapUnwatchPayloadSchema, payload);
		received += 1;
		await replace(undefined);
		return {};
	});
}
