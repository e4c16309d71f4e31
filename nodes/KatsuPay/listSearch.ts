/** Searchable lists for the node's resource locators. */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { productId, productName } from './assumptions';
import { listName, searchPage } from '../shared/pagination';
import { katsuPayErrorFormat, katsuPayGet, readEnvelopePage } from './transport';

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
	const { items: products, token } = await searchPage(
		this,
		listName(katsuPayErrorFormat.provider, { method: 'GET', url: '/Products' }),
		paginationToken,
		async ({ page, size }) => await katsuPayGet.call(this, '/Products', { pageNumber: page, pageSize: size }),
		readEnvelopePage,
		PAGE_SIZE,
	);
	const needle = filter?.trim().toLowerCase();
	const matches = (product: IDataObject) =>
		!needle || [productName(product), productId(product)].some((value) => value.toLowerCase().includes(needle));
	return {
		results: products.filter(matches).map((product) => ({ name: productName(product), value: productId(product) })),
		paginationToken: token,
	};
}
