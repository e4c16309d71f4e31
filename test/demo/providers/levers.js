'use strict';
// Levers: "deal won" items → list contacts → match each deal to a contact, creating the missing
// ones → create the invoice → read it back.
const { createHarness } = require('../../harness/engine');
const { createLeversSandbox } = require('../../sandboxes/levers');

const DEALS = [
	{ dealId: 'D-1001', company: 'Acme Trading', email: 'billing@acme.test', amount: 1200, closedOn: '2025-11-03' },
	{ dealId: 'D-1002', company: 'Globex LLC', email: 'ap@globex.test', amount: 860.5, closedOn: '2025-11-04' },
	{ dealId: 'D-1003', company: 'Initech', email: 'finance@initech.test', amount: 99.99, closedOn: '2025-11-05' },
];

const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

async function run(log) {
	const sandbox = createLeversSandbox({ clients: { 'demo-client': 'demo-secret' } });
	await sandbox.start();
	try {
		sandbox.seedContact({ name: 'Acme Trading', email: 'billing@acme.test' });
		const harness = createHarness();
		const credentials = harness.credential('leversInvoicingApi', { host: sandbox.baseUrl, clientId: 'demo-client', clientSecret: 'demo-secret', sessionToken: '' });
		const levers = (name, parameters, extra = {}) => ({ name, type: 'levers', credentials, parameters, ...extra });
		const result = await harness.runWorkflow({
			input: DEALS,
			nodes: [
				{ name: 'Deals won', code: (deals) => deals },
				levers('List contacts', { resource: 'contact', operation: 'getAll', returnAll: true }, { executeOnce: true }),
				{
					name: 'Known contact?',
					outputs: 2,
					code: (contacts, context) => {
						const byName = new Map(contacts.map((c) => [c.name, c.uuid]));
						const deals = context.node('Deals won');
						return [
							deals.filter((d) => byName.has(d.company)).map((d) => ({ ...d, contactUuid: byName.get(d.company) })),
							deals.filter((d) => !byName.has(d.company)),
						];
					},
				},
				levers('Create contact', { resource: 'contact', operation: 'create', name: '={{ $json.company }}', additionalFields: { email: '={{ $json.email }}' } }),
				{
					name: 'Use new contact',
					code: (created, context) => context.node('Known contact?', 1).map((deal, i) => ({ ...deal, contactUuid: created[i].uuid })),
				},
				levers('Create invoice', {
					resource: 'invoice',
					operation: 'create',
					number: '={{ "INV-" + $json.dealId }}',
					contact: { __rl: true, mode: 'id', value: '={{ $json.contactUuid }}' },
					date: '={{ $json.closedOn }}',
					dueDate: `={{ new Date(Date.parse($json.closedOn + "T00:00:00Z") + 30 * 86400000).toISOString().slice(0, 10) }}`,
					total: '={{ $json.amount }}',
					additionalFields: { reference: '={{ $json.dealId }}', extPlatformId: '={{ $json.dealId }}' },
				}),
				levers('Read back', { resource: 'invoice', operation: 'get', invoiceId: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' }, simplify: true }),
			],
			connections: [
				['Deals won', 'List contacts'],
				['List contacts', 'Known contact?'],
				['Known contact?', 'Create invoice', 0],
				['Known contact?', 'Create contact', 1],
				['Create contact', 'Use new contact'],
				['Use new contact', 'Create invoice'],
				['Create invoice', 'Read back'],
			],
		});
		if (result.error) throw new Error(result.error.message);
		const invoices = result.allOutputs('Read back').map((item) => item.json);
		log(`Contacts created: ${result.allOutputs('Create contact').map((i) => i.json.name).join(', ') || 'none'}`);
		log(`Invoices created and read back: ${invoices.length}`);
		for (const inv of invoices.sort((a, b) => a.number.localeCompare(b.number))) {
			log(`  ${inv.number}  ${inv.contact.name.padEnd(14)} total ${String(inv.total).padStart(8)}  due ${inv.dueDate}  status ${inv.status}  uuid ${inv.uuid}`);
		}
		if (invoices.length !== DEALS.length) throw new Error(`expected ${DEALS.length} invoices, got ${invoices.length}`);
		if (addDays(DEALS[0].closedOn, 30) !== invoices.find((i) => i.number === 'INV-D-1001').dueDate) throw new Error('due date not computed');
		log(`Requests the Levers sandbox received: ${sandbox.server.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, ':uuid')}`).join(' | ')}`);
	} finally {
		await sandbox.stop();
	}
}

module.exports = { title: 'Levers', run };
