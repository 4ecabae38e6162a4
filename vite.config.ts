import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { agoraRealtime } from './server/vite-plugin.ts';

export default defineConfig({
	// Paraglide reads its options from project.inlang/paraglide.config.js, as `npm run i18n` does.
	plugins: [paraglideVitePlugin({ project: './project.inlang' }), agoraRealtime(), sveltekit()]
});
