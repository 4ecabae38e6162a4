import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../src/lib/server/config';

/**
 * The client's address for a connection, read the way adapter-node's getClientAddress reads it for pages (same
 * ADDRESS_HEADER and XFF_DEPTH), so a visitor is counted under one address by form actions and sockets alike.
 * Without the header (a request that did not pass the proxy), the connection's own address is the client's.
 */
export function clientAddressOf(headers: IncomingHttpHeaders, remoteAddress: string, config: Pick<Config, 'addressHeader' | 'xffDepth'>): string {
	if (!config.addressHeader) return remoteAddress;
	const raw = headers[config.addressHeader];
	const value = (Array.isArray(raw) ? raw.join(',') : raw)?.trim();
	if (!value) return remoteAddress;
	if (config.addressHeader !== 'x-forwarded-for') return value;
	const addresses = value.split(',').map((address) => address.trim());
	return addresses[Math.max(0, addresses.length - config.xffDepth)] || remoteAddress;
}
