import type { Logger } from 'pino';
import type { DomainEvent } from '../domain/events';
import type { EventPublisher } from './ports';

export type DomainEventListener = (event: DomainEvent) => void;

export interface EventHub extends EventPublisher {
	/** Returns the function that unsubscribes. */
	subscribe(listener: DomainEventListener): () => void;
}

/**
 * The in-process hub between services and the realtime layer. Cross-node fan-out is the Socket.io adapter's job,
 * so this hub never leaves the process. A failing listener is logged and never fails the write that published.
 */
export function createEventHub(log: Logger): EventHub {
	const listeners = new Set<DomainEventListener>();
	return {
		publish(event) {
			for (const listener of listeners) {
				try {
					listener(event);
				} catch (error) {
					log.error({ err: error, event: event.type }, 'domain event listener failed');
				}
			}
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		}
	};
}
