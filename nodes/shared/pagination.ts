/**
 * Reading lists page by page: one set of stop rules for every paginator of every node (Get Many
 * with Return All, list searches, duplicate look-ups), whether the API pages by number
 * (`page`/`size`, `PageNumber`/`PageSize`) or by cursor.
 *
 * A list ends when:
 * - the answer says so: `has_more: false`, the last of the `pages` it reports, or its `total` reached
 *   (page number × page size the server reports); without such facts, a page shorter than asked for;
 * - a page is empty;
 * - enough results are in (the Limit).
 * It fails (NodeApiError), rather than return a list that may be incomplete or never end, when:
 * - a page repeats an earlier one, or a cursor comes back again (the API, or a proxy, ignores the
 *   paging parameter: every request gets the same page);
 * - an answer cannot be read as a list page (not JSON, no list in it): never read as "no more";
 * - MAX_PAGES pages were read and the answer still says there are more.
 */
import { createHash } from 'crypto';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { PacedRun, Send } from './pacing';

/**
 * Most pages read for one list (one Get Many item, one duplicate look-up, one list search): 1,000
 * requests, 100,000 records at 100 per page. Beyond it the node fails with an error saying so.
 */
export const MAX_PAGES = 1000;

/** One page as read from an answer. */
export interface ListPage {
	items: IDataObject[];
	/** Whether another page follows, as far as the answer says (undefined: it does not say). */
	more?: boolean;
	/** Cursor APIs: the cursor of the next page. */
	next?: string;
}

/**
 * A filter the API was asked to apply, checked on every record it returns: `holds` answers false for
 * a record the filter excludes, undefined when the record does not say (not checked then).
 */
export interface ListCondition {
	/** The filter as the user knows it, for messages: "External Reference = INV-1". */
	label: string;
	holds(record: IDataObject): boolean | undefined;
}

/** Reads one answer (page `page`, `size` asked for) into a page, or undefined when it is not a list page. */
export type PageReader = (body: unknown, position: { page: number; size: number }) => ListPage | undefined;

type Context = IExecuteSingleFunctions | ILoadOptionsFunctions;

/** What a page-number answer says about further pages, from the `total` and `pages` it reports. */
export function moreByNumber(answer: { page: number; size: number; total?: unknown; pages?: unknown; served?: unknown }): boolean | undefined {
	const pages = Number(answer.pages);
	if (answer.pages !== undefined && answer.pages !== null && Number.isFinite(pages)) return answer.page < pages;
	const total = Number(answer.total);
	if (answer.total === undefined || answer.total === null || !Number.isFinite(total)) return undefined;
	const served = Number(answer.served) > 0 ? Number(answer.served) : answer.size;
	return answer.page * served < total;
}

/** A short, stable fingerprint of a page's records (to notice a page served twice). */
export function fingerprint(items: IDataObject[]): string {
	return createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 16);
}

function failure(context: Context, message: string, description: string): NodeApiError {
	const error = new NodeApiError(
		context.getNode(),
		{ message },
		{ message, description, itemIndex: 'getItemIndex' in context ? context.getItemIndex() : undefined },
	);
	error.message = message;
	return error;
}

/** The error for an answer that is not a list page ("nothing found" would be a guess). */
export function unreadablePage(context: Context, what: string, page: number): NodeApiError {
	return failure(
		context,
		`The answer for page ${page} of ${what} could not be read as a list`,
		'The API answered without the list the node expects (no JSON, or no records in it). The node stops here rather than treat it as "nothing found".',
	);
}

/**
 * The stop rules of one list, page after page (also across list-search calls, through `token`).
 * `what` names the list and its request for messages (see listName).
 */
export class PageTrail {
	private readonly seen = new Set<string>();
	private readonly cursors = new Set<string>();
	/** Pages read so far. */
	pages = 0;
	/** Records read so far. */
	records = 0;

	constructor(
		private readonly context: Context,
		private readonly what: string,
	) {}

	/** Reads an answer with `read` (an unreadable one fails), without deciding anything yet. */
	read(body: unknown, read: PageReader, size: number): ListPage {
		const page = read(body, { page: this.pages + 1, size });
		if (!page || !Array.isArray(page.items)) throw unreadablePage(this.context, this.what, this.pages + 1);
		return page;
	}

	/**
	 * Records a page and answers whether to ask for the next one (`asked`: the page size asked for,
	 * for APIs that do not say whether more follow). Fails on a repeated page or cursor and at MAX_PAGES.
	 */
	accept(page: ListPage, asked: number): boolean {
		this.pages++;
		this.records += page.items.length;
		if (page.items.length === 0) return false;
		const print = fingerprint(page.items);
		if (this.seen.has(print)) {
			throw failure(
				this.context,
				`Page ${this.pages} of ${this.what} repeats an earlier page: the API seems to ignore the paging parameter`,
				`Stopped after ${this.pages} requests rather than return a list that may be incomplete or never end. If a proxy sits between n8n and the API, check that it passes the paging parameters on.`,
			);
		}
		this.seen.add(print);
		const more = page.more ?? (page.next !== undefined || page.items.length >= asked);
		if (!more) return false;
		if (page.next !== undefined) {
			if (page.next === '' || this.cursors.has(page.next)) {
				throw failure(
					this.context,
					`Page ${this.pages} of ${this.what} points back to a page already read (cursor repeated): the API seems to ignore the paging parameter`,
					`Stopped after ${this.pages} requests rather than return a list that may be incomplete or never end.`,
				);
			}
			this.cursors.add(page.next);
		}
		if (this.pages >= MAX_PAGES) {
			throw failure(
				this.context,
				`Stopped at the node's limit of ${MAX_PAGES} pages per list: ${this.what} has more (${this.records} records read)`,
				'Nothing is returned rather than an incomplete list. Use Limit, or filters, to read fewer records.',
			);
		}
		return true;
	}

	/** The trail as text, to go on in a later call (list searches): pages read and page fingerprints. */
	save(): string {
		return [String(this.pages), ...this.seen].join('.');
	}

	/** Restores what `save` wrote (an unknown token starts afresh). */
	restore(saved: string | undefined): this {
		const [pages, ...prints] = String(saved ?? '').split('.');
		if (/^\d+$/.test(pages)) {
			this.pages = Number(pages);
			// The last few pages are enough to notice an API that serves the same page again.
			for (const print of prints.slice(-5)) if (/^[0-9a-f]{16}$/.test(print)) this.seen.add(print);
		}
		return this;
	}
}

export interface WalkOptions {
	/** The list and its request, for messages (see listName). */
	what: string;
	/** Stop once this many results are in (undefined or 0: all). */
	maxResults?: number;
	/** Largest page the API is asked for. */
	pageSize: number;
	/**
	 * Cursor APIs may be asked for a smaller last page; page-number APIs keep one size, or page
	 * numbers would no longer line up.
	 */
	shrinkLastPage?: boolean;
	/** Stop as soon as a record passes this (a look-up); the result is then that record alone. */
	find?: (record: IDataObject) => boolean;
	/** Filters the request asked for: a record outside one fails the walk (the filter was not applied). */
	conditions?: ListCondition[];
}

/** Fails when a record is outside a filter the API was asked to apply (a proxy that drops filters). */
export function assertFiltered(context: Context, what: string, records: IDataObject[], conditions: ListCondition[] = []): void {
	for (const condition of conditions) {
		if (records.some((record) => condition.holds(record) === false)) {
			throw failure(
				context,
				`${what.charAt(0).toUpperCase()}${what.slice(1)} answered with records outside the filter "${condition.label}": the filter was not applied`,
				'Nothing is returned rather than a list with records the filter excludes. If a proxy sits between n8n and the API, check that it passes the filter parameters on.',
			);
		}
	}
}

/**
 * Walks a list: `fetch(position)` answers the body of one page, `read` turns it into a page.
 * `position.page` counts from 1; `position.cursor` is the previous page's `next`.
 */
export async function walkList(
	context: Context,
	fetch: (position: { page: number; cursor?: string; size: number }) => Promise<unknown>,
	read: PageReader,
	options: WalkOptions,
): Promise<IDataObject[]> {
	const max = options.maxResults && options.maxResults > 0 ? options.maxResults : Infinity;
	const trail = new PageTrail(context, options.what);
	const results: IDataObject[] = [];
	let cursor: string | undefined;
	for (;;) {
		const size = options.shrinkLastPage ? Math.max(1, Math.min(options.pageSize, max - results.length)) : Math.min(options.pageSize, max);
		const page = trail.read(await fetch({ page: trail.pages + 1, cursor, size }), read, size);
		assertFiltered(context, options.what, page.items, options.conditions);
		if (options.find) {
			const found = page.items.find(options.find);
			if (found) return [found];
		} else {
			for (const item of page.items) results.push(item);
		}
		const more = trail.accept(page, size);
		if (!more || results.length >= max) break;
		cursor = page.next;
	}
	return results.length > max ? results.slice(0, max) : results;
}

export interface PageNumberOptions {
	/** The provider's name, for messages ("Levers"); the request's method and path are added. */
	provider: string;
	pageParameter: string;
	sizeParameter: string;
	/** Largest page the API is asked for. */
	pageSize: number;
	read: PageReader;
	/** Shapes the collected records (for example Simplify). */
	transform?: (this: IExecutePaginationFunctions, records: IDataObject[]) => IDataObject[];
	/** The filters in the request's query, checked on every record (see ListCondition). */
	conditions?: (qs: IDataObject) => ListCondition[];
}

/** "the Levers list GET /contact": a provider's list by its request, for messages. */
export function listName(provider: string, request: { method?: string; url?: string }): string {
	return `the ${provider} list ${String(request.method ?? 'GET').toUpperCase()} ${String(request.url ?? '').replace(/[?#].*$/, '')}`;
}

/**
 * Page-number pagination as an operation's `run` (see ./pacing.ts): every page (or up to Limit).
 * The operation's postReceive must leave the answer whole (error step only): `read` reads it.
 */
export function pageNumberPagination(options: PageNumberOptions): PacedRun {
	const { pageParameter, sizeParameter, pageSize, read, transform, conditions } = options;
	return async function (send: Send, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]> {
		let records = await walkList(
			this,
			async ({ page, size }) => {
				const [first] = await send({ ...requestData.options, qs: { ...requestData.options.qs, [pageParameter]: page, [sizeParameter]: size } });
				return first?.json;
			},
			read,
			{
				what: listName(options.provider, requestData.options),
				maxResults: Number(requestData.maxResults) || undefined,
				pageSize,
				conditions: conditions?.(requestData.options.qs ?? {}),
			},
		);
		if (transform) records = transform.call(this, records);
		return records.map((json) => ({ json }));
	};
}

/**
 * One page of a list search (the editor asks for the following page with the token this returns):
 * the same stop rules, the token carrying what was read so far (pages, their fingerprints, the
 * cursor), so that an API serving the same page again fails here too instead of scrolling forever.
 */
export async function searchPage(
	context: ILoadOptionsFunctions,
	what: string,
	token: string | undefined,
	fetch: (position: { page: number; cursor?: string; size: number }) => Promise<unknown>,
	read: PageReader,
	size: number,
): Promise<{ items: IDataObject[]; token?: string }> {
	const [saved, cursor] = String(token ?? '').split('~');
	const trail = new PageTrail(context, what).restore(saved);
	const page = trail.read(await fetch({ page: trail.pages + 1, cursor: cursor || undefined, size }), read, size);
	const more = trail.accept(page, size);
	return { items: page.items, token: more ? `${trail.save()}~${page.next ?? ''}` : undefined };
}
