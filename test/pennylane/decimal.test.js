'use strict';
// Amounts leave as exact decimal strings: the shared decimal helper on its own, and 0.1 + 0.2
// from an upstream expression reaching Pennylane as "0.3".
const path = require('path');
const { setupPennylane, rl } = require('./setup');

const { toDecimalString, toDecimalNumber, decimalProblem } = require(path.join(__dirname, '../../dist/nodes/shared/decimal.js'));

describe('decimal helper: one grammar and one bound, nothing rounded', () => {
	test.each([
		[0.1 + 0.2, '0.3'],
		[0.30000000000000004, '0.3'],
		[1.005, '1.005'],
		[1234567.1 + 0.2, '1234567.3'],
		[100, '100'],
		[1.5e-7, '0.00000015'],
		[-0, '0'],
		['19.90', '19.9'],
		['  007.50 ', '7.5'],
		['.5', '0.5'],
		['+5', '5'],
		['5.', '5'],
		['-0', '0'],
		['123456789012345', '123456789012345'],
		['1234567890.12345', '1234567890.12345'],
		['0.000000000000001', '0.000000000000001'],
	])('%p → %p', (input, expected) => {
		expect(toDecimalString(input)).toBe(expected);
	});

	test('not amounts: outside the grammar, or beyond the 15-digit bound', () => {
		for (const value of ['abc', '', '1e3', '1E3', '1e21', '1,5', '12.5.1', '.', '+', '- 5', '0x10', 'NaN', 'Infinity', NaN, Infinity, -Infinity, null, undefined, {}, true,
			'12345678901234567.89', '1234567890123456', '0.0000000000000001', 1e21, 1e15, Number('12345678901234567')]) {
			expect([value, toDecimalString(value)]).toEqual([value, undefined]);
		}
	});

	test('what is wrong is said in words', () => {
		expect(decimalProblem('12,50')).toBe('must use a dot as decimal separator, got "12,50"');
		expect(decimalProblem('ten')).toBe('must be a number such as 12.5 (digits, an optional sign and decimal point), got "ten"');
		expect(decimalProblem('1e21')).toBe('must be written without an exponent (such as 1500 or 0.0001), got "1e21"');
		expect(decimalProblem(1e21)).toBe('has more than 15 digits (integer part and decimals together), so it cannot be sent exactly, got 1e+21');
		expect(decimalProblem('12345678901234567.89')).toBe(
			'has more than 15 digits (integer part and decimals together), so it cannot be sent exactly, got "12345678901234567.89"',
		);
		expect(decimalProblem(NaN)).toBe('must be a finite number, got NaN (NaN and Infinity are not amounts)');
		expect(decimalProblem(-Infinity)).toBe('must be a finite number, got -Infinity (NaN and Infinity are not amounts)');
		expect(decimalProblem(1e-7, { maxDecimals: 6 })).toBe('must have at most 6 decimals (it is not rounded), got 1e-7');
		expect(decimalProblem('9.9999995', { maxDecimals: 6 })).toBe('must have at most 6 decimals (it is not rounded), got "9.9999995"');
		expect(decimalProblem('-1', { allowNegative: false })).toBe('must not be negative, got "-1"');
		expect(decimalProblem('100.000001', { max: 100, maxDecimals: 6 })).toBe('must be 100 or less, got "100.000001"');
		expect(decimalProblem(-0.5, { min: 0 })).toBe('must be 0 or more, got -0.5');
		expect(decimalProblem('2.5', { integer: true })).toBe('must be a whole number, got "2.5"');
		expect(decimalProblem('0', { positive: true })).toBe('must be greater than 0, got "0"');
		for (const ok of ['.5', '+5', '5.', ' 5 ', 0.1 + 0.2]) expect(decimalProblem(ok)).toBeUndefined();
	});

	test('amounts as JSON numbers keep their exact digits', () => {
		expect(toDecimalNumber(0.1 + 0.2)).toBe(0.3);
		expect(toDecimalNumber('2.50')).toBe(2.5);
		expect(JSON.stringify({ quantity: toDecimalNumber(0.7 + 0.1) })).toBe('{"quantity":0.8}');
		// every value within the bound prints back as the same digits
		for (const text of ['999999999999999', '0.123456789012345', '12345.6789012345', '-98765432109876.5']) {
			expect(JSON.stringify(toDecimalNumber(text))).toBe(text);
		}
		expect(toDecimalNumber('12345678901234567.89')).toBeUndefined();
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
