import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { agoraRealtime } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [agoraRealtime(), sveltekit()]
});
