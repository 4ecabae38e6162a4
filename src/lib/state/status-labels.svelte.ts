import { getContext, setContext } from 'svelte';
import type { IdeaStatus } from '../domain/ideas';
import type { InterfaceLocale } from '../domain/locales';
import { DEFAULT_STATUS_LABELS, type StatusLabels } from '../domain/statuses';
import { statusWord } from '../components/idea/status-words';

const KEY = Symbol('status-labels');

/** ST9: the layout shares the city's status labels (as read with the page) with every component below it. */
export function provideStatusLabels(read: () => { labels: StatusLabels; locale: InterfaceLocale }): void {
	setContext(KEY, read);
}

/** The words and colour of a status as the city set them; Agora's outside a page that provides them (tests). */
export function useStatusLabels(): { word: (status: IdeaStatus) => string; labels: () => StatusLabels } {
	const read = getContext<(() => { labels: StatusLabels; locale: InterfaceLocale }) | undefined>(KEY);
	return {
		word: (status) => {
			const current = read?.();
			return current ? statusWord(status, current.labels, current.locale) : statusWord(status, null, 'en');
		},
		labels: () => read?.().labels ?? DEFAULT_STATUS_LABELS
	};
}
