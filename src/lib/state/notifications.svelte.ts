import { getContext, setContext } from 'svelte';
import { groupNotifications, NOTIFICATION_LIST_LIMIT, unreadCountOf, type NotificationGroup, type NotificationItem } from '../domain/notifications';

/**
 * One person's bell: the notifications the page was rendered with, then the live ones (N1) and the read marks made
 * in this tab or another (N5), grouped as the server groups them (N3). A fact that comes twice (a reconnection's
 * catch-up and the live message) counts once.
 */
export class NotificationsState {
	items = $state.raw<readonly NotificationItem[]>([]);
	readonly groups = $derived<NotificationGroup[]>(groupNotifications(this.items));
	readonly unread = $derived(unreadCountOf(this.groups));

	constructor(items: readonly NotificationItem[]) {
		this.items = items;
	}

	/** A fresh list from the server (a load, a catch-up after a reconnection). */
	reset(items: readonly NotificationItem[]): void {
		this.items = items;
	}

	/** Returns whether it was new. */
	add(item: NotificationItem): boolean {
		if (this.items.some((known) => known.factId === item.factId)) return false;
		this.items = [item, ...this.items].slice(0, NOTIFICATION_LIST_LIMIT);
		return true;
	}

	/** Some facts (null: all of them) were read, here or elsewhere. */
	markRead(factIds: readonly string[] | null, at: string = isoNow()): void {
		// A lookup, not state: nothing renders it.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const wanted = factIds ? new Set(factIds) : null;
		this.items = this.items.map((item) => (item.readAt === null && (!wanted || wanted.has(item.factId)) ? { ...item, readAt: at } : item));
	}
}

function isoNow(): string {
	return new Date().toISOString();
}

const CONTEXT_KEY = Symbol('notifications');

/** The layout's bell state, shared with the notifications page so both show the same live list. */
export function provideNotifications(state: NotificationsState): void {
	setContext(CONTEXT_KEY, state);
}

export function useNotifications(): NotificationsState {
	return getContext<NotificationsState>(CONTEXT_KEY);
}
