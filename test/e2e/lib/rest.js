'use strict';
// The few calls of n8n's own REST API the tests need: set up the owner account (fresh instance)
// and read executions back, as the editor does (cookie + browser-id header).
const path = require('path');
const { request } = require('./n8n');

const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-owner-Passw0rd' };
const BROWSER_ID = 'n8n-nodes-invoicing-e2e';

class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
	}

	async call(method, urlPath, body) {
		const res = await request(`${this.baseUrl}${urlPath}`, {
			method,
			body,
			headers: { 'browser-id': BROWSER_ID, ...(this.cookie ? { cookie: this.cookie } : {}) },
		});
		const setCookie = res.headers['set-cookie'];
		if (setCookie) {
			const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
			if (auth) this.cookie = auth;
		}
		if (res.status >= 400) throw new Error(`${method} ${urlPath} answered ${res.status}: ${res.text.slice(0, 300)}`);
		return res.json;
	}

	/** Creates the owner account on a fresh instance (or logs in when it exists). */
	async ownerLogin() {
		try {
			await this.call('POST', '/rest/owner/setup', OWNER);
		} catch (error) {
			if (!/answered 400/.test(error.message)) throw error;
			await this.call('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		}
		return this;
	}

	/** The latest executions of a workflow, newest first, with their run data decoded. */
	async executions(workflowId, { n8nRoot }) {
		const { parse } = require(path.join(n8nRoot, 'node_modules', 'flatted'));
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const list = await this.call('GET', `/rest/executions?filter=${filter}&limit=20`);
		const results = list.data?.results ?? list.data ?? [];
		const full = [];
		for (const summary of results) {
			const { data: execution } = await this.call('GET', `/rest/executions/${summary.id}`);
			full.push({ ...execution, data: typeof execution.data === 'string' ? parse(execution.data) : execution.data });
		}
		return full.sort((a, b) => Number(b.id) - Number(a.id));
	}
}

module.exports = { RestClient, OWNER, BROWSER_ID };
