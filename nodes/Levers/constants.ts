/**
 * Levers hosts and paths: constants only, no imports, so that the credential files can use them
 * without loading any node code. The production host and the paths are not published for
 * production (UNCONFIRMED): see docs/levers.md, "Unconfirmed API facts".
 */

/** The only documented host is the development one; the production host is not public (UNCONFIRMED). */
export const DEFAULT_HOST = 'https://api.dev.uselevers.com';

/** The Host field of both Levers credentials. */
export const HOST_PROPERTY = {
	displayName: 'Host',
	name: 'host',
	type: 'string',
	default: DEFAULT_HOST,
	required: true,
	description:
		'Levers API host. The documented host is the development one (api.dev.uselevers.com); Levers has not published its production host, so ask Levers for it.',
} as const;

/** Path prefixes under the host, as documented for the dev host. */
export const API_PATH = '/api-service/v1';
export const EXCHANGE_ENDPOINT = '/auth/v1/api-key/auth';

/** The API base URL for the credential's host (trailing slashes removed), as an n8n expression (the credential's Test request). */
export const BASE_URL_EXPRESSION = `={{ $credentials.host.replace(new RegExp("/+$"), "") }}${API_PATH}`;

/** The same base URL in code (every request of the node: nodes/shared/credentials.ts, no expression per item). */
export function apiBaseUrl(credentials: { host?: unknown }): string {
	return `${String(credentials.host ?? '').replace(/\/+$/, '')}${API_PATH}`;
}
