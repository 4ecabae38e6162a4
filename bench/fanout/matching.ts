/** A 'idea:counted' as one listener received it. */
export interface Delivery {
	readonly ideaId: string;
	readonly upvotes: number;
	readonly downvotes: number;
	readonly receivedAt: number;
}

/** A cast the server acknowledged, with the counts its ack reported: every listener should receive exactly these. */
export interface ConfirmedCast {
	readonly ideaId: string;
	readonly upvotes: number;
	readonly downvotes: number;
	readonly sentAt: number;
	/** False for warm-up casts: their deliveries are paired (positions depend on them) but not measured. */
	readonly measured: boolean;
}

export interface ListenerMatch {
	/** One per matched delivery of a measured cast. */
	readonly latenciesMs: Float64Array;
	readonly unmatched: number;
	/** Latest receipt among matched deliveries of measured casts; -Infinity when none matched. */
	readonly lastMatchedAt: number;
}

function groupByIdea<T extends { ideaId: string }>(items: readonly T[]): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const group = groups.get(item.ideaId);
		if (group) group.push(item);
		else groups.set(item.ideaId, [item]);
	}
	return groups;
}

/**
 * Pairs one listener's deliveries with the casts that caused them.
 *
 * The driver keeps at most one cast per idea in flight and sends the next only after the ack, and both servers
 * broadcast before they ack; each listener's connection is ordered. So, per idea, the n-th delivery a listener gets is
 * the n-th confirmed cast. Counts alone would be ambiguous (toggling votes revisits the same counts), position is not;
 * the counts are still compared so that a lost or foreign message stops the pairing for that idea instead of skewing it.
 */
export function matchDeliveries(casts: readonly ConfirmedCast[], deliveries: readonly Delivery[]): ListenerMatch {
	const castsByIdea = groupByIdea(casts);
	const latencies: number[] = [];
	let unmatched = 0;
	let lastMatchedAt = Number.NEGATIVE_INFINITY;
	for (const [ideaId, received] of groupByIdea(deliveries)) {
		const expected = castsByIdea.get(ideaId) ?? [];
		let position = 0;
		for (; position < received.length && position < expected.length; position++) {
			const delivery = received[position]!;
			const cast = expected[position]!;
			if (delivery.upvotes !== cast.upvotes || delivery.downvotes !== cast.downvotes) break;
			if (!cast.measured) continue;
			latencies.push(delivery.receivedAt - cast.sentAt);
			lastMatchedAt = Math.max(lastMatchedAt, delivery.receivedAt);
		}
		unmatched += received.length - position;
	}
	return { latenciesMs: Float64Array.from(latencies), unmatched, lastMatchedAt };
}
