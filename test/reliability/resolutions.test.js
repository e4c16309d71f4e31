'use strict';
// Each user parameter is resolved once per item by the node, and the node adds no expression of its
// own. Every operation of every node runs on one item with every value the user set written as an
// expression (../harness/resolutions.js counts the evaluations of each one, by who asked). Per parameter:
// - `node` (the node's routing and steps: building the request, checks, run, output) at most 1;
// - `loop` and `base` (n8n-core's RoutingNode, once each per parameter entry with that name) at
//   most 1, except for the names below that n8n cannot have as one entry: shown by different
//   resources for operations of different names (displayOptions cannot say "invoice Create or
//   contact Get"), or shown under a condition in one operation and always in another (n8n checks
//   display conditions against defaults of parameters an operation does not show). Each is allowed
//   exactly as many entries as it has now;
// - `walk` (n8n-core resolving a displayed fixedCollection's value again to walk its entries, once
//   for the request and once in resolveBaseUrl, whatever the node does) at most 2: no nesting that
//   would make n8n walk a value more often.
// And nothing else: no base URL expression (the base URL comes from the credential in the first
// preSend step), no credential header expression (the credentials' `authenticate` are functions),
// no `$value` templates; so per item a parameter costs 3 evaluations (5 for a line field), the
// minimum n8n 2.41's RoutingNode allows a declarative node (2 passes + 1 read).
const path = require('path');
const { markParameters, countResolutions, formatTable } = require('../harness/resolutions');
const { providers } = require('./resolutions-cases');

jest.setTimeout(120000);

/** Names with more than one entry, and how many entries each may have. */
const SHARED_NAMES = {
	Levers: {
		contact: 2, // invoice Create / Create or Update, and contact Get / Update
		outstandingAmount: 2, // shown by If Invoice Already Exists = Update in Create, always in Create or Update (which has no If Invoice Already Exists: n8n would check its default)
	},
	'Katsu Pay': {},
	Pennylane: {
		customer: 2, // customer invoice Create, and customer Get / Update (one entry)
	},
};

const NODE_FILES = { Levers: 'Levers/Levers.node.js', 'Katsu Pay': 'KatsuPay/KatsuPay.node.js', Pennylane: 'Pennylane/Pennylane.node.js' };

/** A built node's description. */
function descriptionOf(title) {
	const exports = require(path.join(__dirname, '../../dist/nodes', NODE_FILES[title]));
	return new (Object.values(exports)[0])().description;
}

/** Parameters n8n's editor takes no expression in (noDataExpression): set as literals, as a user sets them. */
function literalNamesOf(title) {
	return [...new Set(descriptionOf(title).properties.filter((p) => p.noDataExpression).map((p) => p.name))];
}

/** Every "resource:operation" of a built node. */
function operationsOf(title) {
	return descriptionOf(title).properties
		.filter((p) => p.name === 'operation')
		.flatMap((selector) => selector.displayOptions.show.resource.flatMap((resource) => selector.options.map((o) => `${resource}:${o.value}`)));
}

describe.each(providers.map((provider) => [provider.title, provider]))('%s', (title, provider) => {
	let s;
	beforeAll(async () => {
		s = await provider.start();
	});
	afterAll(async () => s?.stop());

	test('every operation has a case', () => {
		expect(Object.keys(provider.cases).sort()).toEqual(operationsOf(title).sort());
	});

	test('one parameter entry per name, but for the names above; no base URL expression in requestDefaults', () => {
		const description = descriptionOf(title);
		const entries = {};
		// Operation selectors take no expression (noDataExpression): nothing to resolve.
		for (const property of description.properties.filter((p) => !p.noDataExpression)) entries[property.name] = (entries[property.name] ?? 0) + 1;
		const over = Object.entries(entries).filter(([name, count]) => count > (SHARED_NAMES[title][name] ?? 1));
		expect(over).toEqual([]);
		expect(description.requestDefaults?.baseURL).toBeUndefined();
	});

	test.each(Object.keys(provider.cases))('%s: each parameter resolved once per item', async (name) => {
		const built = await provider.cases[name](s);
		const { parameters, items } = built.resource === undefined ? built : { parameters: built, items: undefined };
		s.sandbox.server.clearLog();
		const counts = await countResolutions(() => s.run(markParameters({ ...provider.base, ...parameters }, literalNamesOf(title)), items));
		const run = counts.result;
		expect(run.error?.message).toBeUndefined();
		// A real run: the request reached the provider, and every value the user set was read.
		expect(s.sandbox.server.requests.length).toBeGreaterThan(0);
		expect(Object.keys(counts.parameters).length).toBeGreaterThan(0);
		const table = formatTable(`${title} ${name}`, counts);
		const over = Object.entries(counts.parameters).filter(([leaf, c]) => {
			const top = leaf.split(/[.[]/)[0];
			const entries = SHARED_NAMES[title][top] ?? 1;
			return c.node > 1 || c.loop > entries || c.base > entries || c.walk > 2;
		});
		expect({ over: over.map(([leaf]) => leaf), notParameters: counts.other, table }).toEqual({ over: [], notParameters: {}, table });
	});
});
