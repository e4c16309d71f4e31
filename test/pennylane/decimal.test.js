'use strict';
// Amounts leave as exact decimal strings: the shared decimal helper on its own, and 0.1 + 0.2
// from an upstream expression reaching Pennylane as "0.3".
const path = require('path');
const { setupPennylane, rl } = require('./setup');

const { toDecimalString, toDecimalNumber, decimalProblem } = require(path.join(__dirname, '../../dist/nodes/shared/decimal.js'));

describe('decimal helper', () => {
	test.each([
		[0.1 + 0.2, undefined, '0.3'],
		[0.30000000000000004, 6, '0.3'],
		[1.005, 2, '1.01'],
		[2.675, 2, '2.68'],
		[-2.675, 2, '-2.68'],
		[1234567.1 + 0.2, undefined, '1234567.3'],
		[100, undefined, '100'],
		[1e21, undefined, '1000000000000000000000'],
		[1.5e-7, undefined, '0.00000015'],
		[1.5e-7, 6, '0'],
		[-0, undefined, '0'],
		['19.90', undefined, '19.9'],
		['  007.50 ', undefined, '7.5'],
		['0.0000005', 6, '0.000001'],
		['9.9999995', 6, '10'],
		['-0.0000001', 6, '0'],
		['.5', undefined, '0.5'],
		['12345678901234567890.123456789', 6, '12345678901234567890.123457'],
	])('%p (max decimals %p) → %p', (input, maxDecimals, expected) => {
		expect(toDecimalString(input, { maxDecimals })).toBe(expected);
	});

	test('not decimals', () => {
		for (const value of ['abc', '', '1e3', '1,5', '12.5.1', NaN, Infinity, null, undefined, {}, true]) {
			expect(toDecimalString(value)).toBeUndefined();
		}
		expect(decimalProblem('12,50')).toBe('must use a dot as decimal separator, got "12,50"');
		expect(decimalProblem('ten')).toBe('must be a decimal number such as 12.5, got "ten"');
		expect(decimalProblem('-1', { allowNegative: false })).toBe('must not be negative, got "-1"');
		expect(decimalProblem('100.0000001', { max: 100, maxDecimals: 6 })).toBeUndefined();
		expect(decimalProblem('100.000001', { max: 100, maxDecimals: 6 })).toBe('must be 100 or less, got "100.000001"');
		expect(decimalProblem(-0.5, { min: 0 })).toBe('must be 0 or more, got -0.5');
	});

	test('quantities as numbers keep their exact value', () => {
		expect(toDecimalNumber(0.1 + 0.2)).toBe(0.3);
		expect(toDecimalNumber('2.50')).toBe(2.5);
		expect(JSON.stringify({ quantity: toDecimalNumber(0.7 + 0.1, { maxDecimals: 6 }) })).toBe('{"quantity":0.8}');
	});
});

describe.each(['pennylane', 'billy'])('0.1 + 0.2 through the node (%s credential)', (mode) => {
	const ctx = setupPennylane(mode);
	test('a price computed upstream as 0.1 + 0.2 is sent as "0.3", quantities and discounts too', async () => {
		const customer = ctx.sandbox.seedCustomer({ name: 'Float Corp' });
		const product = ctx.sandbox.seedProduct({ price_before_tax: '10' });
		const result = await ctx.run(
			{
				resource: 'customerInvoice',
				operation: 'create',
				customer: rl(customer.id),
				date: '2025-01-31',
				deadline: '2025-01-31',
				invoiceLines: {
					productLines: [{ product: rl(product.id), quantity: '={{ $json.hours }}', overrides: { unitPrice: '={{ $json.rate }}' } }],
					freeLines: [{ label: 'Fee', quantity: 1, unit: 'piece', unitPrice: '={{ $json.a + $json.b }}', vatRate: 'FR_200' }],
				},
				additionalFields: { discount: { discountValues: { type: 'absolute', value: '={{ $json.a * 3 }}' } } },
			},
			{ input: [{ a: 0.1, b: 0.2, hours: 0.7 + 0.1, rate: 1.1 * 3 }] },
		);
		expect(result.error).toBeUndefined();
		const [request] = ctx.requests();
		expect(request.rawBody).not.toMatch(/0000000/);
		expect(request.body.invoice_lines).toEqual([
			{ product_id: product.id, quantity: 0.8, raw_currency_unit_price: '3.3' },
			{ label: 'Fee', quantity: 1, unit: 'piece', raw_currency_unit_price: '0.3', vat_rate: 'FR_200' },
		]);
		expect(request.body.discount).toEqual({ type: 'absolute', value: '0.3' });
		// 0.8 × 3.3 + 0.3 − 0.3 = 2.64 before tax
		expect(result.json[0].currency_amount_before_tax).toBe('2.64');
	});
});
