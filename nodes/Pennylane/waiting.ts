/**
 * Waiting for Pennylane to finish something before trying again (an invoice or quote PDF being
 * generated, an e-invoice import being processed): the growing delays of PDF_RETRY, never more in
 * all than the operation's Options › Max Wait (Seconds). One mechanism for Send by Email (invoices
 * and quotes), Send to E-Invoicing Platform and Download PDF.
 */
import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import { parameter } from '../shared/parameters';
import { assertValid, check } from '../shared/validation';
import { PDF_RETRY } from './assumptions';

/** The Max Wait entry of an operation's Options collection; `description` says what is waited for. */
export function maxWaitOption(description: string): INodeProperties {
	return {
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30, // PDF_RETRY.defaultMaxWaitSeconds (the linter wants a literal)
		description: `${description} Default ${PDF_RETRY.defaultMaxWaitSeconds} seconds`,
	};
}

/** Refuses a Max Wait that is not a number ≥ 0, naming the field and the item, before any request. */
export function checkMaxWait(context: IExecuteSingleFunctions): void {
	const options = parameter(context, 'options', {}) as IDataObject;
	assertValid(context, { url: '', body: { wait: options.maxWaitSeconds } }, [
		{ label: 'Options › Max Wait (Seconds)', body: 'wait', checks: [check.number({ min: 0 })] },
	]);
}

/**
 * The waits of one item: `next(attempt)` is the delay before attempt + 1 (0.5 s, doubling up to
 * 5 s), or undefined once it would take the total past Max Wait; `waited()` is the total so far.
 */
export function waitBudget(context: IExecuteSingleFunctions): { next(attempt: number): number | undefined; waited(): number } {
	const options = parameter(context, 'options', {}) as IDataObject;
	const maxWaitMs = Number(options.maxWaitSeconds ?? PDF_RETRY.defaultMaxWaitSeconds) * 1000;
	let waited = 0;
	return {
		next(attempt) {
			const delay = Math.min(PDF_RETRY.firstDelayMs * 2 ** (attempt - 1), PDF_RETRY.maxDelayMs);
			if (waited + delay > maxWaitMs) return undefined;
			waited += delay;
			return delay;
		},
		waited: () => waited,
	};
}
