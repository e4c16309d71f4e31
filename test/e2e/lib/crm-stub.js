'use strict';
// A tiny CRM for the trigger example (examples/pennylane-invoice-paid-to-crm.json): deals by ID,
// `PATCH /crm/deals/:id` with a JSON body merges it into the deal (404 for an unknown deal, 400 for
// a body that is not a JSON object). Listens on the fixed loopback port the example names.
const http = require('http');

const CRM_PORT = 5699;

function createCrmStub(deals = {}) {
	const state = { deals: JSON.parse(JSON.stringify(deals)), requests: [] };
	const server = http.createServer(async (req, res) => {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const raw = Buffer.concat(chunks).toString('utf8');
		const entry = { method: req.method, path: req.url, headers: req.headers, raw };
		state.requests.push(entry);
		const send = (status, body) => {
			entry.status = status;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		const match = /^\/crm\/deals\/([^/?]+)$/.exec(req.url);
		if (req.method !== 'PATCH' || !match) return send(404, { error: 'not found' });
		const id = decodeURIComponent(match[1]);
		if (!state.deals[id]) return send(404, { error: `deal ${id} not found` });
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			return send(400, { error: 'body is not JSON' });
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) return send(400, { error: 'body must be a JSON object' });
		entry.body = body;
		Object.assign(state.deals[id], body);
		return send(200, { id, ...state.deals[id] });
	});
	return {
		state,
		start: () =>
			new Promise((resolve, reject) => {
				server.once('error', (error) => reject(new Error(`the CRM stub cannot listen on 127.0.0.1:${CRM_PORT} (${error.code}): is another e2e run using it?`)));
				server.listen(CRM_PORT, '127.0.0.1', () => resolve(`http://127.0.0.1:${CRM_PORT}`));
			}),
		stop: () =>
			new Promise((resolve) => {
				if (!server.listening) return resolve();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

module.exports = { createCrmStub, CRM_PORT };
