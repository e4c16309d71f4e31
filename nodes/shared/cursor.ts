/**
 * Cursor pagination: pages answered as `{ items, has_more, next_cursor }` (names configurable),
 * walked with the shared stop rules of ./pagination.ts until the last page or until enough
 * results are in. Used from an operation's paced request logic (./pacing.ts) so that every page
 * waits for its rate-limit slot.
 */
import type { IDataObject, IExecuteSingleFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { walkList, type ListPage, type WalkOptions } from './pagination';

export interface CursorKeys {
	items: string;
	hasMore: string;
	nextCursor: string;
}

const DEFAULT_KEYS: CursorKeys = { items: 'items', hasMore: 'has_more', nextCursor: 'next_cursor' };

/**
 * Reads one page answer, or undefined when it is not one: no list of items, or "more to come"
 * without a cursor to ask for it. (It is never read as an empty last page: see ./pagination.ts.)
 */
export function readCursorPage(body: unknown, keys: CursorKeys = DEFAULT_KEYS): ListPage | undefined {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const page = body as IDataObject;
	if (!Array.isArray(page[keys.items])) return undefined;
	const items = page[keys.items] as IDataObject[];
	if (page[keys.hasMore] !== true) return { items, more: false };
	const next = page[keys.nextCursor];
	return typeof next === 'string' && next !== '' ? { items, more: true, next } : undefined;
}

/**
 * Calls `fetchPage(cursor, pageSize)` page after page (it answers the page's body). The page size
 * shrinks on the last page so that no more results than needed are asked for.
 */
export async function walkCursor(
	context: IExecuteSingleFunctions | ILoadOptionsFunctions,
	fetchPage: (cursor: string | undefined, pageSize: number) => Promise<unknown>,
	options: Omit<WalkOptions, 'shrinkLastPage'>,
): Promise<IDataObject[]> {
	return await walkList(context, ({ cursor, size }) => fetchPage(cursor, size), (body) => readCursorPage(body), { ...options, shrinkLastPage: true });
}
