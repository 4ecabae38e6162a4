/** Short confirmations ("Your idea is posted"), shown for a few seconds and spoken politely once. */
export interface Toast {
	readonly id: number;
	readonly message: string;
	readonly tone: 'success' | 'info' | 'danger';
}

const SHOWN_FOR_MS = 5_000;

class Toasts {
	items = $state<Toast[]>([]);
	#next = 0;

	show(message: string, tone: Toast['tone'] = 'success'): void {
		const toast = { id: (this.#next += 1), message, tone };
		this.items = [...this.items.slice(-2), toast];
		setTimeout(() => this.dismiss(toast.id), SHOWN_FOR_MS);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((toast) => toast.id !== id);
	}
}

export const toasts = new Toasts();
