/**
 * Katsu Pay paths and the base URL (expression and function): no imports, so that the credential
 * file can use them without loading any node code.
 */

/** Every documented path starts with this; the host is the user's (no public host is known). */
export const API_PREFIX = '/api/v1';

/**
 * The API base URL for the credential's base URL, as an n8n expression: trailing slashes, and an
 * `/api/v1` the user may have pasted along, are removed before the prefix is added.
 */
export const BASE_URL_EXPRESSION = `={{ String($credentials.baseUrl).trim().replace(new RegExp("(/api/v1)?/*$", "i"), "") }}${API_PREFIX}`;

/** The same base URL in code (every request of the node and its list searches: no expression per item). */
export function apiBaseUrl(credentials: { baseUrl?: unknown }): string {
	return `${String(credentials.baseUrl).trim().replace(/(\/api\/v1)?\/*$/i, '')}${API_PREFIX}`;
}
