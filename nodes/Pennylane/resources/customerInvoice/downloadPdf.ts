/**
 * Customer Invoice → Download PDF: GET /customer_invoices/{id}, again while `public_file_url` is
 * still null (the PDF is generated after creation or finalization; same waits as Send by Email,
 * PDF_RETRY, for at most Max Wait), then the file at that URL into a binary property.
 *
 * The URL is public for 30 minutes (providers.md §3.12.3): it is fetched at once, without the
 * credential (it is not Pennylane's API: no Authorization header, see PDF_MAGIC's note in
 * assumptions.ts), and it is a secret: it is neither output nor put in any error. The file request
 * does not go through the API pacer (`send` always adds the credential); it has the node's timeout
 * and the execution's cancel signal, and is made once.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/operations';
import { DEFAULT_TIMEOUT_MS, type PacedRun } from '../../../shared/pacing';
import { parameter } from '../../../shared/parameters';
import { assertValid, check, validateRequest } from '../../../shared/validation';
import { PDF_MAGIC, PDF_RETRY } from '../../assumptions';
import { errorFormatOf } from '../../transport';
import { invoiceIdOf, invoiceIdRule, invoiceLocator, INVOICE_PATH } from './locator';

async function checkOptions(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const options = parameter(this, 'options', {}) as IDataObject;
	const values = { property: parameter(this, 'binaryPropertyName', 'data'), wait: options.maxWaitSeconds };
	assertValid(this, { url: '', body: values }, [
		{ label: 'Put Output File in Field', body: 'property', required: true, checks: [(v) => (typeof v === 'string' && v.trim() ? undefined : 'must be a field name such as data')] },
		{ label: 'Options › Max Wait (Seconds)', body: 'wait', checks: [check.number({ min: 0 })] },
	]);
	return request;
}

const hasUrl = (invoice: IDataObject) => typeof invoice.public_file_url === 'string' && invoice.public_file_url.trim() !== '';

/** A file name without directories (the provider's `filename`, or invoice-<id>.pdf). */
function fileNameOf(invoice: IDataObject, id: number): string {
	const name = typeof invoice.filename === 'string' ? invoice.filename.replace(/[\\/]+/g, '_').trim() : '';
	if (!name) return `invoice-${id}.pdf`;
	return /\.pdf$/i.test(name) ? name : `${name}.pdf`;
}

const run: PacedRun = async function (send, requestData) {
	const id = invoiceIdOf(this);
	const provider = errorFormatOf(this).provider;
	const options = parameter(this, 'options', {}) as IDataObject;
	const maxWaitMs = Number(options.maxWaitSeconds ?? PDF_RETRY.defaultMaxWaitSeconds) * 1000;
	const property = String(parameter(this, 'binaryPropertyName', 'data')).trim();
	const signal = this.getExecutionCancelSignal?.();
	const fail = (message: string, description: string, httpCode?: string) => {
		const error = new NodeApiError(this.getNode(), { message }, { message, description, itemIndex: this.getItemIndex(), httpCode });
		error.message = message;
		return error;
	};

	const read = async () => (await send(requestData.options, { raw: true }))[0]?.json ?? {};
	let invoice = await read();
	let waited = 0;
	for (let attempt = 1; !hasUrl(invoice); attempt++) {
		const delay = Math.min(PDF_RETRY.firstDelayMs * 2 ** (attempt - 1), PDF_RETRY.maxDelayMs);
		if (waited + delay > maxWaitMs) {
			const draft = invoice.draft === true || invoice.status === 'draft';
			throw fail(
				`The PDF of invoice ${id} is not ready: ${provider} still gave no PDF link after ${Math.round(waited / 1000)} s (${attempt} reads)`,
				draft
					? 'The invoice is a draft. Whether Pennylane makes a PDF for drafts is not documented (unconfirmed): finalize it first, then download the PDF.'
					: 'Pennylane generates the PDF after an invoice is created or finalized, which can take a few minutes. Raise Options › Max Wait (Seconds) or run the item again later.',
			);
		}
		await sleep(delay, signal);
		waited += delay;
		invoice = await read();
	}

	const requestOptions = parameter(this, 'requestOptions', {}) as IDataObject;
	const timeout = Number(requestOptions.timeout) > 0 ? Number(requestOptions.timeout) : DEFAULT_TIMEOUT_MS;
	let answer: IN8nHttpFullResponse;
	try {
		// No credential: the link is public (and the token must not go to another host).
		answer = (await this.helpers.httpRequest({
			method: 'GET',
			url: String(invoice.public_file_url).trim(),
			encoding: 'arraybuffer',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout,
			abortSignal: signal,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		// Its text may hold the link (a secret): only the network code is kept.
		const code = (error as { code?: unknown }).code;
		throw fail(
			`The PDF of invoice ${id} could not be downloaded: no answer from the PDF link${typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? ` (${code})` : ''}`,
			'Nothing was changed in Pennylane. Run the item again; the link is renewed on every read of the invoice.',
		);
	}
	const status = Number(answer.statusCode);
	if (status >= 400) {
		throw fail(
			`The PDF of invoice ${id} could not be downloaded: the PDF link answered HTTP ${status}`,
			'The link expires 30 minutes after Pennylane makes it. Nothing was changed in Pennylane; run the item again to get a new link.',
			String(status),
		);
	}
	const body = answer.body as unknown;
	const buffer = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: typeof body === 'string'
				? Buffer.from(body, 'latin1')
				: Buffer.alloc(0);
	if (buffer.subarray(0, PDF_MAGIC.length).toString('latin1') !== PDF_MAGIC) {
		const type = String((answer.headers ?? {})['content-type'] ?? 'none');
		throw fail(
			`The PDF of invoice ${id} could not be downloaded: the PDF link did not answer with a PDF file (content type ${type}, ${buffer.length} bytes)`,
			'The answer is not kept. Nothing was changed in Pennylane; run the item again later.',
		);
	}
	const json = { ...invoice };
	// The link is a 30-minute secret: the file is the deliverable, the link is not output.
	delete json.public_file_url;
	const item: INodeExecutionData = {
		json,
		binary: { [property]: await this.helpers.prepareBinaryData(buffer, fileNameOf(invoice, id), 'application/pdf') },
	};
	return [item];
};

export const downloadPdf: OperationModule = {
	option: {
		name: 'Download PDF',
		value: 'downloadPdf',
		action: 'Download the PDF of a customer invoice',
		description: "Put the invoice's PDF into a binary field (waits while Pennylane is still generating it)",
		routing: {
			request: { method: 'GET' },
			send: { preSend: [validateRequest([invoiceIdRule]), checkOptions] },
		},
	},
	run,
	fields: [
		invoiceLocator({ request: { url: INVOICE_PATH } }),
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Max Wait (Seconds)',
					name: 'maxWaitSeconds',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 30, // PDF_RETRY.defaultMaxWaitSeconds (the linter wants a literal)
					description: `How long to keep reading the invoice again while its PDF is not generated yet. Default ${PDF_RETRY.defaultMaxWaitSeconds}. Whether drafts get a PDF is unconfirmed.`,
				},
			],
		},
	],
};
