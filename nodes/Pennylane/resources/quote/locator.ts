/** The quote picker: a searchable list of recent quotes, or a quote ID. */
import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import { parameter } from '../../../shared/parameters';
import type { FieldRule } from '../../../shared/validation';
import { ID_CHECK } from '../customer/locator';

/** The same entry in every quote operation (only its routing differs; see mergeSharedFields). */
export function quoteLocator(routing: INodeProperties['routing']): INodeProperties {
	return {
		displayName: 'Quote',
		name: 'quoteId',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description: 'The Pennylane quote',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchQuotes', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '12345',
			},
		],
		routing,
	};
}

/** The quote's path, as used in the operations' URLs. */
export const QUOTE_PATH = '=/quotes/{{ encodeURIComponent(String($value).trim()) }}';

export const quoteIdRule: FieldRule = { label: 'Quote', parameter: 'quoteId', required: true, checks: [ID_CHECK] };

/** The quote ID of the current item, as a number. */
export function quoteIdOf(context: IExecuteSingleFunctions): number {
	return Number(String(parameter(context, 'quoteId', undefined, { extractValue: true })).trim());
}
