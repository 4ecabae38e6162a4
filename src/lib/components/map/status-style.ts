import Check from '@lucide/svelte/icons/check';
import Eye from '@lucide/svelte/icons/eye';
import Flag from '@lucide/svelte/icons/flag';
import Hammer from '@lucide/svelte/icons/hammer';
import Lightbulb from '@lucide/svelte/icons/lightbulb';
import X from '@lucide/svelte/icons/x';
import type { IdeaStatus } from '../../domain/ideas';
import type { StatusColour } from '../../domain/statuses';
import type { TopicStyle } from '../topic-style';
import { STATUS_COLOUR_CSS } from '../idea/status-words';

/**
 * How a status looks on the map when pins are coloured by status: a token colour each (distinct from one another) and
 * an icon, so colour is never the only cue.
 */
const STATUS_STYLES: Record<IdeaStatus, TopicStyle> = {
	proposed: { colour: 'var(--color-ink-muted)', ink: '#ffffff', icon: Lightbulb },
	under_review: { colour: 'var(--topic-5)', ink: '#111827', icon: Eye },
	accepted: { colour: 'var(--topic-2)', ink: '#ffffff', icon: Check },
	rejected: { colour: 'var(--color-danger)', ink: '#ffffff', icon: X },
	in_progress: { colour: 'var(--topic-1)', ink: '#ffffff', icon: Hammer },
	done: { colour: 'var(--topic-8)', ink: '#ffffff', icon: Flag }
};

/** A status's pin: its icon, in the colour the city chose for it (ST9) when given. */
export function statusStyle(status: IdeaStatus, colour?: StatusColour): TopicStyle {
	return colour ? { ...STATUS_STYLES[status], ...STATUS_COLOUR_CSS[colour] } : STATUS_STYLES[status];
}
