/** Searchable lists for the node's resource locators. */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listName, searchPage } from '../shared/pagination';
import { readContactPage } from './assumptions';
import { leversErrorFormat, leversGet } from './transport';

const PAGE_SIZE = 50;

/**
 * Contacts for the Contact picker, one API page per call. Levers documents no search parameter,
 * so the filter is applied to each page's names, emails and UUIDs.
 */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { items: contacts, token } = await searchPage(
		this,
		listName(leversErrorFormat.provider, { method: 'GET', url: '/contact' }),
		paginationToken,
		async ({ page, size }) => await leversGet.call(this, '/contact', { page, size }),
		readContactPage,
		PAGE_SIZE,
	);
	const needle = filter?.trim().toLowerCase();
	const matches = (contact: IDataObject) =>
		!needle || [contact.name, contact.email, contact.uuid].some((value) => String(value ?? '').toLowerCase().includes(needle));
	return {
		results: contacts.filter(matches).map((contact) => ({
			name: contact.email ? `${String(contact.name)} (${String(contact.email)})` : String(contact.name),
			value: String(contact.uuid),
		})),
		paginationToken: token,
	};
}
