/** Invoice → Upload Attachment: POST /invoice/attachment/{uuid}, multipart field `file`, from binary input. */
import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { multipartBody, type FilePart } from '../../../shared/multipart';
import type { OperationModule } from '../../../shared/operations';
import { failure, validateRequest } from '../../../shared/validation';
import { toList } from '../../../shared/values';
import { invoiceIdRule, invoiceLocator } from './locator';
import { parameter } from '../../../shared/parameters';

const LABEL = 'Input Binary Field';

async function attachFiles(this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const names = toList(parameter(this, 'binaryPropertyName'));
	if (names.length === 0) throw failure(this, LABEL, 'is required', true);
	const binary = this.getInputData().binary ?? {};
	const parts: FilePart[] = [];
	for (const name of names) {
		const file = binary[name];
		if (!file) {
			const available = Object.keys(binary);
			throw failure(
				this,
				LABEL,
				`the input item has no binary field "${name}"${available.length ? ` (it has: ${available.join(', ')})` : ' (it has no binary data)'}`,
				false,
			);
		}
		parts.push({
			field: 'file',
			fileName: file.fileName ?? name,
			mimeType: file.mimeType ?? 'application/octet-stream',
			data: await this.helpers.getBinaryDataBuffer(name),
		});
	}
	const { body, contentType } = multipartBody(parts);
	request.body = body;
	request.headers = { ...request.headers, 'Content-Type': contentType };
	return request;
}

export const uploadAttachment: OperationModule = {
	option: {
		name: 'Upload Attachment',
		value: 'uploadAttachment',
		action: 'Upload an attachment to an invoice',
		description: 'Attach one or more files (for example the invoice PDF) from binary input to an invoice',
		routing: {
			request: { method: 'POST' },
			send: { preSend: [validateRequest([invoiceIdRule]), attachFiles] },
		},
	},
	fields: [
		invoiceLocator({ request: { url: '=/invoice/attachment/{{ $value }}' } }),
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			hint: 'The name of the input binary field containing the file to be uploaded',
			description: 'Name of the binary field holding the file; separate several names with commas to upload several files',
		},
	],
};
