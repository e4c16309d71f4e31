'use strict';
const { setupLevers, rl, apiRequests } = require('./setup');

const pdf = Buffer.from('%PDF-1.4\n% invoice bytes \x00\x01\x02\xff\n%%EOF');
const binary = (data, fileName, mimeType) => ({ data: data.toString('base64'), fileName, mimeType });

describe('Levers: Upload Attachment sends the input binary as multipart field "file"', () => {
	const ctx = setupLevers();
	let invoice;
	beforeAll(() => {
		const contact = ctx.sandbox.seedContact({ name: 'Soylent' });
		invoice = ctx.sandbox.seedInvoice({ number: 'ATT-1', date: '2025-01-01', dueDate: '2025-01-31', total: 10, contactUuid: contact.uuid });
	});
	const upload = (parameters, items, options) =>
		ctx.run({ resource: 'invoice', operation: 'uploadAttachment', invoiceId: rl(invoice.uuid), ...parameters }, { ...options, items });

	test('One file: exact bytes, file name and type arrive; the output is the API answer', async () => {
		const result = await ctx.harness.runNode({
			type: 'levers', credentials: ctx.credentials,
			parameters: { resource: 'invoice', operation: 'uploadAttachment', invoiceId: rl(invoice.uuid), binaryPropertyName: 'data' },
			items: [{ json: {}, binary: { data: binary(pdf, 'INV-ATT-1.pdf', 'application/pdf') } }],
		});
		expect(result.error).toBeUndefined();
		const [request] = apiRequests(ctx.sandbox);
		expect([request.method, request.path]).toEqual(['POST', `/api-service/v1/invoice/attachment/${invoice.uuid}`]);
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.headers.authorization).toMatch(/^Bearer levers-jwt-/);
		expect(request.parts).toHaveLength(1);
		expect(request.parts[0]).toMatchObject({ name: 'file', filename: 'INV-ATT-1.pdf', contentType: 'application/pdf' });
		expect(Buffer.compare(request.parts[0].data, pdf)).toBe(0);
		expect(result.json).toEqual([{ attachment: [`invoices/${invoice.uuid}/INV-ATT-1.pdf`] }]);
		expect(ctx.sandbox.state.invoices.get(invoice.uuid).attachment).toBe(true);
	});

	test('Several binary fields become several "file" parts', async () => {
		const result = await ctx.harness.runNode({
			type: 'levers', credentials: ctx.credentials,
			parameters: { resource: 'invoice', operation: 'uploadAttachment', invoiceId: rl(invoice.uuid), binaryPropertyName: 'pdf, receipt' },
			items: [{ json: {}, binary: { pdf: binary(pdf, 'a.pdf', 'application/pdf'), receipt: binary(Buffer.from('png-bytes'), 'r.png', 'image/png') } }],
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(ctx.sandbox)[0].parts.map((p) => [p.name, p.filename, p.contentType, p.data.toString('latin1')])).toEqual([
			['file', 'a.pdf', 'application/pdf', pdf.toString('latin1')],
			['file', 'r.png', 'image/png', 'png-bytes'],
		]);
	});

	test('A missing binary field is reported with the item and nothing is sent', async () => {
		const result = await upload({ binaryPropertyName: 'invoicePdf' }, [{ json: {}, binary: { data: binary(pdf, 'x.pdf', 'application/pdf') } }], { continueOnFail: true });
		expect(result.items[0].error.message).toBe('Invalid value for "Input Binary Field" in item 0: the input item has no binary field "invoicePdf" (it has: data)');
		expect(apiRequests(ctx.sandbox)).toHaveLength(0);
	});
});
