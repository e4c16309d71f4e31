/**
 * Page-number pagination (`page`/`size`, `PageNumber`/`PageSize`, ...) as an operation's `run`
 * (see ./pacing.ts). Requests pages until one comes back short, or until the Limit is reached.
 */
import type { DeclarativeRestApiSettings, IExecutePaginationFunctions, INodeExecutionData } from 'n8n-workflow';
import type { PacedRun, Send } from './pacing';

export interface PageNumberOptions {
	pageParameter: string;
	sizeParameter: string;
	/** Largest page the API is asked for. */
	pageSize: number;
	firstPage?: number;
}

export function pageNumberPagination(options: PageNumberOptions): PacedRun {
	const { pageParameter, sizeParameter, pageSize, firstPage = 1 } = options;
	return async function (
		this: IExecutePaginationFunctions,
		send: Send,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const results: INodeExecutionData[] = [];
		const limit = Number(requestData.maxResults) > 0 ? Number(requestData.maxResults) : Infinity;
		// The page size stays the same on every page, or page numbers would no longer line up.
		const size = Math.min(pageSize, limit);
		for (let page = firstPage; results.length < limit; page++) {
			const items = await send({ ...requestData.options, qs: { ...requestData.options.qs, [pageParameter]: page, [sizeParameter]: size } });
			results.push(...items);
			if (items.length < size) break;
		}
		return results;
	};
}
