/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, version } from '$service-worker';

/**
 * D26: a draft's editor opens without a network. Its page is kept from the last visit (network first, so it is never
 * staler than it must be), the app's immutable scripts and styles once installed; the text itself comes from the
 * browser's IndexedDB copy of the document, not from here. Nothing else is cached: every other page and every API
 * answer is the network's.
 */
const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `agora-${version}`;
const ASSETS = new Set(build);
const DRAFT_PAGE = /^\/(?:(?:en|fr|nl)\/)?drafts\/[A-Za-z0-9_-]{1,64}$/;

worker.addEventListener('install', (event) => {
	// Takes over at once: the draft open in this tab is the one to keep for offline.
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(build)).then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		caches.keys().then(async (keys) => {
			for (const key of keys) if (key !== CACHE) await caches.delete(key);
			await worker.clients.claim();
		})
	);
});

/** A draft page the editor has open asks to be kept: its first visit came before this worker controlled the tab. */
worker.addEventListener('message', (event) => {
	const data = event.data as { type?: unknown; path?: unknown } | null;
	if (data?.type !== 'keep-draft' || typeof data.path !== 'string' || !DRAFT_PAGE.test(data.path)) return;
	const path = data.path;
	event.waitUntil(
		fetch(path, { credentials: 'same-origin' }).then(async (response) => {
			if (response.ok) await (await caches.open(CACHE)).put(path, response);
		})
	);
});

worker.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== worker.location.origin) return;
	if (ASSETS.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((cached) => cached ?? fetch(request)));
		return;
	}
	if (request.mode !== 'navigate' || !DRAFT_PAGE.test(url.pathname)) return;
	event.respondWith(
		(async () => {
			const cache = await caches.open(CACHE);
			try {
				const response = await fetch(request);
				if (response.ok) await cache.put(url.pathname, response.clone());
				return response;
			} catch (error) {
				const cached = await cache.match(url.pathname);
				if (cached) return cached;
				throw error;
			}
		})()
	);
});
