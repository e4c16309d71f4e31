/**
 * Levers API facts that the public documentation does not confirm (see docs/levers.md, "Unconfirmed API facts").
 * Each guess lives here and nowhere else, so it can be corrected in one place.
 */
import type { IDataObject } from 'n8n-workflow';
import { moreByNumber, type PageReader } from '../shared/pagination';

/* The host and paths (the production host is not public) are in ./constants.ts, for the credentials. */

/**
 * GET /contact?page=&size= is documented only as an example call. Its response shape is a guess:
 * FastAPI-pagination style `{ items, total, page, size, pages }` (its `pages` and `total` say when
 * the list ends); a bare array is accepted too. Anything else is not a page (an error, never "no
 * contacts").
 */
export const readContactPage: PageReader = (body, { page, size }) => {
	if (Array.isArray(body)) return { items: body as IDataObject[] };
	if (body === null || typeof body !== 'object' || !Array.isArray((body as IDataObject).items)) return undefined;
	const { items, total, pages, size: served } = body as IDataObject;
	return { items: items as IDataObject[], more: moreByNumber({ page, size, total, pages, served }) };
};

/** Largest page asked for when listing contacts (FastAPI-pagination's usual maximum). */
export const CONTACT_PAGE_SIZE = 100;

/**
 * PATCH /invoice/status documents no success body. A list is read as the updated invoices and an
 * object as one result; anything else (an empty answer) is reported as the change that was asked for.
 */
export function statusUpdateResult(body: unknown, status: string, uuids: string[]): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body !== null && typeof body === 'object') return [body as IDataObject];
	return [{ status, uuid: uuids, updated: true }];
}

/**
 * POST /invoice/create-update updates the invoice whose `uuid` is given. Which invoice it updates
 * when no `uuid` is given is not documented; the node's "If Invoice Already Exists → Update" relies
 * on Levers matching an existing invoice by External Platform ID when one is sent, otherwise by
 * Number (the sandbox models this). Levers offers no invoice search, so no other check is possible.
 */
export const UPSERT_MATCH_KEYS = ['extPlatformId', 'number'] as const;
