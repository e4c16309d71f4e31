'use strict';
// `node bench/n8n/structures.js`: how many times n8n 2.41's RoutingNode resolves a user expression,
// per item, for node structures the restructure may use, in the real n8n (counting preload):
// - "sameNamed": a field without routing, read once by the operation's preSend, declared in two
//   entries with the same name (the other one shown for another operation);
// - "distinct": the same with a distinct name for the other operation's entry;
// - both: a fixedCollection of lines (no routing on its values) read once by the same preSend.
// Two tiny throw-away declarative nodes in n8n's custom extension folder, against the Pennylane sandbox.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { prepareN8n, workflow, importAll, execute } = require('./lib');
const { createPennylaneSandbox } = require('../../test/sandboxes/pennylane');
(async () => {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-invoicing-structures-'));
	const { n8n } = await prepareN8n({ workDir, log: () => {} });
	const sb = createPennylaneSandbox({ mode: 'pennylane', tokens: ['t'], rateLimit: null });
	await sb.start();
	const cust = sb.seedCustomer({ name: 'x' });
	const src = (name, props) => `'use strict';
class ${name[0].toUpperCase() + name.slice(1)} { constructor() { this.description = {
 displayName: '${name}', name: '${name}', group: ['transform'], version: 1, description: 'probe', defaults: { name: '${name}' }, inputs: ['main'], outputs: ['main'],
 requestDefaults: { baseURL: ${JSON.stringify(sb.baseUrl)}, headers: { authorization: 'Bearer t', 'content-type': 'application/json' } },
 properties: [
  { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, default: 'a', options: [
    { name: 'A', value: 'a', routing: { request: { method: 'POST', url: '/customer_invoices' }, send: { preSend: [async function (o) {
        const ref = this.getNodeParameter('ref');
        const lines = this.getNodeParameter('lines', {});
        o.body = { date: '2025-11-30', deadline: '2025-12-31', customer_id: ${cust.id}, draft: true, external_reference: String(ref),
          invoice_lines: (lines.line ?? []).map((l) => ({ label: l.label, quantity: 1, unit: 'piece', raw_currency_unit_price: String(l.price), vat_rate: 'FR_200' })) };
        return o; }] } } },
    { name: 'B', value: 'b' } ] },
  ${props}
 ] }; } }
module.exports = { ${name[0].toUpperCase() + name.slice(1)} };`;
	const linesProp = `{ displayName: 'Lines', name: 'lines', type: 'fixedCollection', typeOptions: { multipleValues: true }, default: {}, displayOptions: { show: { operation: ['a'] } }, options: [ { displayName: 'Line', name: 'line', values: [ { displayName: 'Label', name: 'label', type: 'string', default: '' }, { displayName: 'Price', name: 'price', type: 'string', default: '' } ] } ] }`;
	const variants = {
		sameNamed: `{ displayName: 'Ref', name: 'ref', type: 'string', default: '', displayOptions: { show: { operation: ['a'] } } },
  { displayName: 'Ref', name: 'ref', type: 'string', default: '', displayOptions: { show: { operation: ['b'] } } }, ${linesProp}`,
		distinct: `{ displayName: 'Ref', name: 'ref', type: 'string', default: '', displayOptions: { show: { operation: ['a'] } } },
  { displayName: 'Ref', name: 'refB', type: 'string', default: '', displayOptions: { show: { operation: ['b'] } } }, ${linesProp}`,
	};
	const dir = path.join(n8n.n8nFolder, 'custom');
	fs.mkdirSync(dir, { recursive: true });
	const wfs = [];
	for (const [v, props] of Object.entries(variants)) {
		const name = `probe${v[0].toUpperCase()}${v.slice(1)}`;
		fs.writeFileSync(path.join(dir, `${name[0].toUpperCase() + name.slice(1)}.node.js`), src(name, props));
		wfs.push(workflow({ name: `probe ${v}`, count: 3, offset: wfs.length * 100, node: { type: `CUSTOM.${name}`, typeVersion: 1, parameters: { operation: 'a', ref: '={{ "r-" + $json.n }}', lines: { line: [{ label: '={{ "L" + $json.n }}', price: '={{ $json.amount }}' }] } } } }));
	}
	await importAll(n8n, workDir, [], wfs);
	for (const w of wfs) {
		const out = path.join(workDir, `${w.id}.json`);
		const r = await execute(n8n, w.id, { nodeArgs: ['--require', path.join(__dirname, 'count-expressions.js')], env: { BENCH_PROFILE_OUT: out } });
		const run = r.execution.data.resultData.runData['Under test'][0];
		const counts = JSON.parse(fs.readFileSync(out, 'utf8')).expressions;
		console.log(w.name, run.error ? 'ERROR ' + run.error.message : `ok ${run.data.main[0].length} items`);
		for (const [k, byItem] of Object.entries(counts)) {
			const perItem = Object.values(byItem['1'] ?? {}).reduce((a, b) => a + b, 0);
			console.log(`    ${k}: ${perItem} per item (${Object.entries(byItem['1'] ?? {}).map(([who, n]) => `${n}x ${who}`).join('; ')})`);
		}
	}
	console.log(`created ${sb.state.invoices.size} invoices`);
	await sb.stop();
	fs.rmSync(workDir, { recursive: true, force: true });
})().catch((e) => { console.error(e); process.exit(1); });
