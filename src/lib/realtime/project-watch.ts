import type { IdeaChanges } from '../domain/ideas';
import type { ProjectIdeas } from '../state/project-ideas.svelte';
import { sendCommand, type AgoraClientSocket } from './client';

/** A refused or unanswered join, or a failed catch-up, is tried again after this long, doubling up to a minute. */
const RETRY_MS = 1_000;
const RETRY_MAX_MS = 60_000;
/** After a reconnection the catch-up waits up to this long, so a restarted node is not hit by every page at once. */
const RECONNECT_CATCH_UP_SPREAD_MS = 2_000;

export interface ProjectWatchOptions {
	readonly socket: AgoraClientSocket;
	readonly projectId: string;
	readonly store: ProjectIdeas;
	/** The marker of the latest `load` (server clock): what the shown list is known to hold. */
	readonly since: () => string;
	readonly onStatus: (status: 'live' | 'offline') => void;
}

/** 429 and 5xx may pass; anything else (the project is gone, the marker is refused) will not. */
function worthRetrying(status: number): boolean {
	return status === 429 || status >= 500;
}

/**
 * Watches a project's room. After every join it fetches what changed since the last marker (the render, or the
 * previous catch-up): whatever happened between then and the join is in that delta, and what happens after it
 * arrives live; versions keep the newer of the two (V5). Only a connection that recovered after this page had
 * joined skips both. Returns the function that stops watching.
 */
export function watchProject({ socket, projectId, store, since, onStatus }: ProjectWatchOptions): () => void {
	let joined = false;
	// Set once the connection has dropped while this page watched: the next join is a reconnection.
	let dropped = false;
	let active = true;
	let marker: string | null = null;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;

	const latestMarker = (): string => {
		const rendered = since();
		// ISO times in one format compare as text; a newer `load` moves the marker forward, never back.
		if (marker === null || rendered > marker) marker = rendered;
		return marker;
	};

	const retry = (work: (retryMs: number) => Promise<void>, retryMs: number) => {
		if (active && socket.connected) retryTimer = setTimeout(() => void work(Math.min(retryMs * 2, RETRY_MAX_MS)), retryMs);
	};

	const catchUp = async (retryMs: number): Promise<void> => {
		const url = `/api/projects/${encodeURIComponent(projectId)}/changes?since=${encodeURIComponent(latestMarker())}`;
		let changes: IdeaChanges;
		try {
			const response = await fetch(url, { headers: { accept: 'application/json' } });
			if (!response.ok) {
				if (worthRetrying(response.status)) retry(catchUp, retryMs);
				return;
			}
			changes = (await response.json()) as IdeaChanges;
		} catch {
			retry(catchUp, retryMs);
			return;
		}
		if (!active || store.projectId !== projectId) return;
		store.applyChanges(changes);
		if (changes.since > latestMarker()) marker = changes.since;
	};

	const joinAndCatchUp = async (retryMs: number): Promise<void> => {
		clearTimeout(retryTimer);
		const answer = await sendCommand(socket, 'project:join', { projectId });
		if (!active) return;
		if (!answer.ok) {
			retry(joinAndCatchUp, retryMs);
			return;
		}
		joined = true;
		onStatus('live');
		if (dropped) await new Promise((resolve) => setTimeout(resolve, Math.random() * RECONNECT_CATCH_UP_SPREAD_MS));
		if (active) await catchUp(RETRY_MS);
	};

	const onDrop = () => {
		dropped = true;
		onStatus('offline');
	};
	const onConnect = () => {
		if (socket.recovered && joined) onStatus('live');
		else {
			joined = false;
			void joinAndCatchUp(RETRY_MS);
		}
	};
	socket.on('connect', onConnect);
	socket.on('disconnect', onDrop);
	if (socket.connected) void joinAndCatchUp(RETRY_MS);
	return () => {
		active = false;
		clearTimeout(retryTimer);
		socket.off('connect', onConnect);
		socket.off('disconnect', onDrop);
		void sendCommand(socket, 'project:leave', { projectId });
	};
}
