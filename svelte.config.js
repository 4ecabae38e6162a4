import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Nonces for server-rendered pages, hashes for prerendered ones. The map's tile host is runtime config:
		// src/hooks.server.ts adds it to img-src. Styles allow 'unsafe-inline' (and so get no nonce): without it
		// Chromium blocks app.html's style="display: contents", the topic-colour style attributes and the <style>
		// elements inserted at run time, none of which a nonce can cover (checked in the e2e tests). A style cannot
		// run code; scripts stay strictly 'self' + nonce.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
