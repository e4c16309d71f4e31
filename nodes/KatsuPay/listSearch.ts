/** Searchable lists for the node's resource locators. */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { productId, productName } from './assumptions';
import { katsuPayGet } from './transport';

const PAGE_SIZE = 50;

/**
 * Products for the Product picker of invoice lines, one API page per call. Katsu Pay documents no
 * search parameter on GET /Products, so the filter is applied to each page's names and UUIDs.
 */
export async function searchProducts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken) > 0 ? Number(paginationToken) : 1;
	const envelope = await katsuPayGet.call(this, '/Products', { pageNumber: page, pageSize: PAGE_SIZE });
	const products = Array.isArray(envelope.data) ? (envelope.data as IDataObject[]) : [];
	const needle = filter?.trim().toLowerCase();
	const matches = (product: IDataObject) =>
		!needle || [productName(product), productId(product)].some((value) => value.toLowerCase().includes(needle));
	const total = typeof envelope.total === 'number' ? envelope.total : undefined;
	const served = Number(envelope.pageSize) > 0 ? Number(envelope.pageSize) : PAGE_SIZE;
	const more = products.length > 0 && (total === undefined ? products.length >= PAGE_SIZE : page * served < total);
	return {
		results: products.filter(matches).map((product) => ({ name: productName(product), value: productId(product) })),
		paginationToken: more ? String(page + 1) : undefined,
	};
}
