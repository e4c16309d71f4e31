/**
 * Reading Pennylane's change feed (GET /changelogs/<resource>, providers.md §3.12.1): the first page
 * asks from `start_date`, the next ones send only `cursor` and `limit` (both together is a 400), a
 * bounded number of pages. Every answer is checked: a page that is not the documented JSON is an
 * error naming the request, never "no changes".
 */
import type { IDataObject, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { describeRequest, isReadableBody, unreadableAnswer } from '../../shared/errors';
import { pennylanePollGet } from '../transport';
import type { FeedOperation, FeedResource } from './events';

/** One change of the feed. `at` orders changes exactly (sub-millisecond digits included). */
export interface Change {
	id: number;
	operation: FeedOperation;
	/** `processed_at` as Pennylane sent it (sent back as `start_date`). */
	processedAt: string;
	at: Instant;
}

/** A moment: `key` sorts as text (epoch seconds, then 9 fraction digits); `ms` for clock arithmetic. */
export interface Instant {
	key: string;
	ms: number;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 date-time as an Instant, or undefined when it is not one. */
export function instantOf(text: unknown): Instant | undefined {
	if (typeof text !== 'string') return undefined;
	const match = RFC3339.exec(text.trim());
	if (!match) return undefined;
	const seconds = Date.parse(`${match[1]}T${match[2]}${match[4].toUpperCase()}`);
	if (!Number.isFinite(seconds) || seconds < 0) return undefined;
	const fraction = (match[3] ?? '').padEnd(9, '0');
	return { key: `${String(seconds / 1000).padStart(12, '0')}.${fraction}`, ms: seconds + Number(fraction.slice(0, 3)) };
}

/** The key that identifies a change across polls: (id, processed_at). */
export const changeKey = (change: Change): string => `${change.id}@${change.at.key}`;

const OPERATIONS: FeedOperation[] = ['insert', 'update', 'delete'];

/** A Pennylane ID: a positive safe integer (also accepted as a string of digits). */
function idOf(value: unknown): number | undefined {
	const id = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
	return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

interface Page {
	changes: Change[];
	/** The cursor of the next page, or undefined at the end. */
	next?: string;
}

/** A feed page, checked against the documented shape. */
function readPage(context: IPollFunctions, body: unknown, request: IDataObject): Page {
	const fail = (kind: string) =>
		unreadableAnswer(context as unknown as ILoadOptionsFunctions, 'Pennylane', 200, kind, { method: 'GET', description: describeRequest(request) });
	if (!isReadableBody(body)) throw fail(typeof body === 'string' ? `${body.length} characters of text` : typeof body);
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw fail('not the JSON expected: no change list');
	const page = body as IDataObject;
	if (!Array.isArray(page.items)) throw fail('not the JSON expected: no "items" list');
	if (typeof page.has_more !== 'boolean') throw fail('not the JSON expected: no "has_more" flag');
	const changes = page.items.map((item: unknown, index: number) => {
		const entry = (item ?? {}) as IDataObject;
		const id = idOf(entry.id);
		const operation = OPERATIONS.find((op) => op === entry.operation);
		const at = instantOf(entry.processed_at);
		if (id === undefined || !operation || !at) {
			const what = id === undefined ? 'id' : !operation ? 'operation' : 'processed_at';
			throw fail(`not the JSON expected: item ${index + 1} has no valid "${what}"`);
		}
		return { id, operation, processedAt: String(entry.processed_at).trim(), at };
	});
	if (!page.has_more) return { changes };
	// "A next_cursor of null means the end": more pages announced without a cursor cannot be read.
	if (typeof page.next_cursor !== 'string' || page.next_cursor === '') throw fail('not the JSON expected: "has_more" without a "next_cursor"');
	return { changes, next: page.next_cursor };
}

export interface FeedRead {
	changes: Change[];
	/** False when reading stopped before the feed's end (page cap or `enough`). */
	complete: boolean;
	requests: number;
}

/**
 * Changes from `startDate` on, page by page, for at most `maxPages` pages; `enough` (given the
 * changes so far) stops earlier. Changes come back ordered by `processed_at` (the feed's order;
 * sorted again, stably, in case a page is not).
 */
export async function readFeed(
	context: IPollFunctions,
	resource: FeedResource,
	startDate: string,
	options: { limit: number; maxPages: number; enough?: (changes: Change[]) => boolean },
): Promise<FeedRead> {
	const path = `/changelogs/${resource}`;
	const changes: Change[] = [];
	let cursor: string | undefined;
	let requests = 0;
	let complete = false;
	while (requests < options.maxPages) {
		const qs: IDataObject = cursor === undefined ? { start_date: startDate, limit: options.limit } : { cursor, limit: options.limit };
		requests++;
		const body = await pennylanePollGet.call(context, path, qs);
		const page = readPage(context, body, { method: 'GET', url: path, qs: cursor === undefined ? qs : { limit: options.limit } });
		changes.push(...page.changes);
		if (page.next === undefined) {
			complete = true;
			break;
		}
		cursor = page.next;
		if (options.enough?.(changes)) break;
	}
	const ordered = changes.map((change, index) => ({ change, index }));
	ordered.sort((a, b) => (a.change.at.key < b.change.at.key ? -1 : a.change.at.key > b.change.at.key ? 1 : a.index - b.index));
	return { changes: ordered.map(({ change }) => change), complete, requests };
}

/** Whether an error is Pennylane's 404 for a record (deleted since the change was recorded). */
export function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '404';
}

/** GET /<resource>/{id}: the record, checked to be a JSON object. */
export async function fetchRecord(context: IPollFunctions, resource: FeedResource, id: number): Promise<IDataObject> {
	const path = `/${resource}/${id}`;
	const body = await pennylanePollGet.call(context, path, {});
	if (body === null || typeof body !== 'object' || Array.isArray(body) || !isReadableBody(body)) {
		const kind = typeof body === 'string' ? `${body.length} characters of text` : 'not the JSON expected: no record';
		throw unreadableAnswer(context as unknown as ILoadOptionsFunctions, 'Pennylane', 200, kind, { method: 'GET', description: `GET ${path}` });
	}
	return body as IDataObject;
}
