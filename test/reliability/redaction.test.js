'use strict';
// Issue 14, defect 3, the shared mechanism itself (nodes/shared/errors.ts `Redactor`, and the
// pacer's last step on every error it lets out): what is removed, in which forms, from which parts
// of an error; that an error the pacer did not word itself (thrown by an operation's own code) is
// redacted too; and that when the credential cannot be read, no provider text is shown at all.
// The end-to-end proof, through n8n's engine, is ./hostile-secrets.test.js.
const path = require('path');
const { NodeApiError, NodeOperationError } = require('n8n-workflow');

const ROOT = path.join(__dirname, '..', '..');
const { Redactor, REDACTED, MIN_SECRET_LENGTH, buildProviderError } = require(path.join(ROOT, 'dist/nodes/shared/errors'));
const { createPacer } = require(path.join(ROOT, 'dist/nodes/shared/pacing'));

const SECRET = 'Tok+en/Sec=ret-4242';
const NODE = { id: 'n', name: 'Node', type: 'test.node', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { testApi: { id: '1', name: 'Test' } } };

describe('Redactor', () => {
	const redactor = new Redactor([SECRET]);

	test('removes a secret in any letter case, inside "Bearer …", URL-encoded and JSON-escaped', () => {
		const text = [
			`authorization: Bearer ${SECRET}`,
			SECRET.toUpperCase(),
			SECRET.toLowerCase(),
			encodeURIComponent(SECRET),
			encodeURIComponent(SECRET).toLowerCase(),
			JSON.stringify(JSON.stringify({ token: SECRET })),
		].join(' | ');
		const clean = redactor.text(text);
		expect(clean.toLowerCase()).not.toContain(SECRET.toLowerCase());
		expect(clean.toLowerCase()).not.toContain(encodeURIComponent(SECRET).toLowerCase());
		expect(clean).toContain(`Bearer ${REDACTED}`);
		expect(clean.split(REDACTED).length - 1).toBe(6);
	});

	test('copies plain values with every string (keys too) redacted, cycles kept apart, odd objects named only', () => {
		const body = { detail: [{ loc: ['header'], input: { authorization: `Bearer ${SECRET}` } }], [SECRET]: 1, nested: { deeper: [SECRET] } };
		body.self = body;
		class Socket {
			constructor() {
				this.token = SECRET;
			}
		}
		body.socket = new Socket();
		const copy = redactor.value(body);
		expect(JSON.stringify({ ...copy, self: undefined })).not.toContain(SECRET);
		expect(copy.self).toBe(copy);
		expect(copy.socket).toBe('[Socket]');
		expect(copy.detail[0].input.authorization).toBe(`Bearer ${REDACTED}`);
		expect(body.nested.deeper[0]).toBe(SECRET); // the original is left alone
	});

	test('redacts an error in place: message, stack, description, non-enumerable cause chain, errorResponse, context', () => {
		const inner = new Error(`socket hang up (${SECRET})`);
		inner.config = { headers: { Authorization: `Bearer ${SECRET}` } };
		const error = new NodeApiError(NODE, { message: SECRET, debug: { headers: { authorization: SECRET } } }, { message: `failed: ${SECRET}`, description: SECRET });
		Object.defineProperty(error, 'cause', { value: inner, enumerable: false, configurable: true, writable: true });
		error.context.request = { headers: { authorization: `Bearer ${SECRET}` } };
		expect(redactor.error(error)).toBe(error);
		for (const name of Object.getOwnPropertyNames(error)) expect(JSON.stringify(error[name]) ?? '').not.toContain(SECRET);
		for (const name of Object.getOwnPropertyNames(inner)) expect(JSON.stringify(inner[name]) ?? '').not.toContain(SECRET);
		expect(error.node).toBe(NODE);
		expect(error.message).toBe(`failed: ${REDACTED}`);
	});

	test(`values shorter than ${MIN_SECRET_LENGTH} characters are not looked for (they would match inside ordinary words)`, () => {
		const short = 'a'.repeat(MIN_SECRET_LENGTH - 1);
		expect(new Redactor([short]).text(`a banana ${short}`)).toBe(`a banana ${short}`);
		expect(new Redactor(['abcd'.slice(0, MIN_SECRET_LENGTH)]).text('xabcdx')).toBe(`x${REDACTED}x`);
	});

	test('buildProviderError reads message and details from the redacted answer', () => {
		const format = { provider: 'Test', parse: (body) => ({ message: body.detail }) };
		const context = { getNode: () => NODE, getItemIndex: () => 0 };
		const error = buildProviderError(context, format, 400, { detail: `Malformed (authorization: Bearer ${SECRET.toUpperCase()})`, debug: { auth: SECRET } }, { request: 'GET /x', redactor });
		expect(error.message).toBe(`Test rejected the request as invalid: Malformed (authorization: Bearer ${REDACTED})`);
		expect(JSON.stringify(error).toLowerCase()).not.toContain(SECRET.toLowerCase());
		expect(JSON.stringify(error.errorResponse)).toContain(REDACTED);
	});
});

describe("the pacer's last step: no error path skips the redaction", () => {
	/** A minimal stand-in for n8n's pagination context of one item. */
	function contextWith(getCredentials) {
		return {
			getNode: () => NODE,
			getItemIndex: () => 0,
			getNodeParameter: (_name, fallback) => fallback,
			getCredentials,
			getExecutionCancelSignal: () => undefined,
			helpers: { httpRequest: async () => ({}) },
			makeRoutingRequest: async () => [{ json: {} }],
		};
	}
	const pacer = createPacer({
		defaults: { limit: Infinity, windowMs: 1000 },
		format: () => ({ provider: 'Test', parse: () => ({}) }),
		keyOf: async () => `redaction-test-${Math.random()}`,
	});
	/** An operation whose own code throws an error quoting the secret (not one the pacer words). */
	const leakyRun = async () => {
		const cause = new Error(`upstream said ${SECRET.toUpperCase()}`);
		const error = new NodeOperationError(NODE, `Could not read the answer: {"token":"${SECRET}"}`, { description: `Bearer ${SECRET}` });
		Object.defineProperty(error, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
		throw error;
	};

	test("an error thrown by an operation's own code leaves with the credential's values removed", async () => {
		const paginate = pacer.paginate(leakyRun);
		const context = contextWith(async () => ({ accessToken: SECRET }));
		const failure = await paginate.call(context, { options: {}, postReceive: [] }).catch((error) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure.message).toBe(`Could not read the answer: {"token":"${REDACTED}"}`);
		const all = Object.getOwnPropertyNames(failure).map((name) => JSON.stringify(failure[name]) ?? '').join(' ');
		expect(all.toLowerCase()).not.toContain(SECRET.toLowerCase());
		expect(failure.cause.message).toBe(`upstream said ${REDACTED}`);
	});

	test('helpers that cannot be changed (frozen) are left alone: the request still goes through', async () => {
		const context = { ...contextWith(async () => ({ accessToken: SECRET })), helpers: Object.freeze({ httpRequest: async () => ({}) }) };
		const items = await pacer.paginate().call(context, { options: {}, postReceive: [] });
		expect(items).toEqual([{ json: {} }]);
	});

	test('when no credential can be read, the error keeps no provider text at all', async () => {
		const paginate = pacer.paginate(leakyRun);
		const context = contextWith(async () => {
			throw new Error('credential store unavailable');
		});
		const failure = await paginate.call(context, { options: {}, postReceive: [] }).catch((error) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect(failure.message).toMatch(/^The Test request failed; its details are not shown because the credential could not be read/);
		expect(JSON.stringify(Object.getOwnPropertyNames(failure).map((name) => failure[name]))).not.toContain(SECRET);
	});
});
