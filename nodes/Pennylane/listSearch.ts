/**
 * Searchable lists for the node's resource locators, one API page (up to 100 records) per call.
 * Pennylane's list filters match whole values only, so the typed text is matched here against
 * each page's names, numbers, references and IDs; while searching, a few pages are read per call
 * so that a match further down the list still shows.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { readCursorPage } from '../shared/cursor';
import { MAX_PAGE_SIZE } from './constants';
import { listName, searchPage } from '../shared/pagination';
import { errorFormatOf, pennylaneGet } from './transport';

/** With a search text, pages are read until this many matches are found (or SEARCH_PAGES pages). */
const SEARCH_MATCHES = 20;
const SEARCH_PAGES = 5;

async function searchList(
	context: ILoadOptionsFunctions,
	path: string,
	filter: string | undefined,
	paginationToken: string | undefined,
	describe: (record: IDataObject) => { name: string; searchable: unknown[] },
): Promise<INodeListSearchResult> {
	const needle = filter?.trim().toLowerCase();
	const results: Array<{ name: string; value: string }> = [];
	const what = listName(errorFormatOf(context).provider, { method: 'GET', url: path });
	let token = paginationToken || undefined;
	for (let page = 0; page < (needle ? SEARCH_PAGES : 1); page++) {
		const read = await searchPage(
			context,
			what,
			token,
			async ({ cursor, size }) => await pennylaneGet.call(context, path, { limit: size, ...(cursor ? { cursor } : {}) }),
			(body) => readCursorPage(body),
			MAX_PAGE_SIZE,
		);
		for (const record of read.items) {
			const { name, searchable } = describe(record);
			if (!needle || searchable.some((value) => String(value ?? '').toLowerCase().includes(needle))) {
				results.push({ name, value: String(record.id) });
			}
		}
		token = read.token;
		if (!token || results.length >= SEARCH_MATCHES) break;
	}
	return { results, paginationToken: token };
}

export async function searchCustomers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, '/customers', filter, paginationToken, (customer) => {
		const emails = Array.isArray(customer.emails) ? (customer.emails as string[]) : [];
		const name = String(customer.name ?? [customer.first_name, customer.last_name].filter(Boolean).join(' '));
		return {
			name: emails.length ? `${name} (${emails[0]})` : name,
			searchable: [name, customer.id, customer.reference, customer.external_reference, ...emails],
		};
	});
}

export async function searchProducts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, '/products', filter, paginationToken, (product) => {
		const price = product.price_before_tax ?? product.raw_currency_unit_price;
		const details = [product.reference, price !== undefined ? `${String(price)} ${String(product.currency ?? '')}`.trim() : undefined]
			.filter(Boolean)
			.join(', ');
		return {
			name: details ? `${String(product.label)} (${details})` : String(product.label),
			searchable: [product.label, product.id, product.reference, product.external_reference],
		};
	});
}

export async function searchInvoices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, '/customer_invoices', filter, paginationToken, (invoice) => {
		const number = invoice.invoice_number ? String(invoice.invoice_number) : `Draft #${String(invoice.id)}`;
		const parts = [invoice.label, invoice.currency_amount !== undefined ? `${String(invoice.currency_amount)} ${String(invoice.currency ?? '')}` : undefined, invoice.date];
		return {
			name: `${number}: ${parts.filter(Boolean).join(', ')}`,
			searchable: [invoice.invoice_number, invoice.id, invoice.label, invoice.external_reference],
		};
	});
}

export async function searchQuotes(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, '/quotes', filter, paginationToken, (quote) => {
		const number = quote.quote_number ? String(quote.quote_number) : `Quote #${String(quote.id)}`;
		const amount = quote.currency_amount !== undefined ? `${String(quote.currency_amount)} ${String(quote.currency ?? '')}`.trim() : undefined;
		const parts = [quote.label, amount, quote.date, quote.status];
		return {
			name: `${number}: ${parts.filter(Boolean).join(', ')}`,
			searchable: [quote.quote_number, quote.id, quote.label, quote.external_reference],
		};
	});
}
