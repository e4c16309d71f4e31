/**
 * Cursor pagination: pages answered as `{ items, has_more, next_cursor }` (names configurable),
 * walked until the last page or until enough results are in. Used from an operation's paced
 * request logic (./pacing.ts) so that every page waits for its rate-limit slot.
 */
import type { IDataObject } from 'n8n-workflow';

export interface CursorPage {
	items: IDataObject[];
	/** Cursor of the next page, undefined on the last one. */
	next?: string;
}

export interface CursorKeys {
	items: string;
	hasMore: string;
	nextCursor: string;
}

const DEFAULT_KEYS: CursorKeys = { items: 'items', hasMore: 'has_more', nextCursor: 'next_cursor' };

/** Reads one page answer; a missing or malformed answer reads as an empty last page. */
export function readCursorPage(body: unknown, keys: CursorKeys = DEFAULT_KEYS): CursorPage {
	const page = (body ?? {}) as IDataObject;
	const items = Array.isArray(page[keys.items]) ? (page[keys.items] as IDataObject[]) : [];
	const next = page[keys.nextCursor];
	const more = page[keys.hasMore] === true && typeof next === 'string' && next !== '';
	return { items, next: more ? (next as string) : undefined };
}

export interface WalkOptions {
	/** Stop once this many results are in (undefined or 0: all). */
	maxResults?: number;
	/** Largest page the API allows. */
	maxPageSize: number;
}

/**
 * Calls `fetchPage(cursor, pageSize)` page after page. The page size shrinks on the last page so
 * that no more results than needed are asked for. Stops if the API repeats a cursor.
 */
export async function walkCursor(
	fetchPage: (cursor: string | undefined, pageSize: number) => Promise<CursorPage>,
	options: WalkOptions,
): Promise<IDataObject[]> {
	const max = options.maxResults && options.maxResults > 0 ? options.maxResults : Infinity;
	const results: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	do {
		const page = await fetchPage(cursor, Math.max(1, Math.min(options.maxPageSize, max - results.length)));
		results.push(...page.items);
		cursor = page.next;
		if (cursor !== undefined) {
			if (seen.has(cursor)) break;
			seen.add(cursor);
		}
	} while (cursor !== undefined && results.length < max);
	return results.length > max ? results.slice(0, max) : results;
}
