'use strict';
// A credentials helper that behaves like n8n's own (packages/cli credentials-helper): generic
// `authenticate` resolved with the workflow's expression engine, function `authenticate`,
// `preAuthentication` run when the expirable field is empty, expired (n8n retries once on 401)
// or under a credential test, and the refreshed token written back to the credential store.
const { ICredentialsHelper } = require('n8n-workflow');
const { Credentials } = require('n8n-core');

function isExpression(value) {
	return typeof value === 'string' && value.startsWith('=');
}

class CredentialStore {
	constructor() {
		this.byId = new Map();
		this.nextId = 1;
	}
	/** Saves credential data of a type and returns the reference a node uses: { id, name }. */
	add(type, data, name = `${type} test`) {
		const id = String(this.nextId++);
		this.byId.set(id, { id, name, type, data: { ...data } });
		return { id, name };
	}
	get(id) {
		return this.byId.get(String(id));
	}
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(credentialTypes, store) {
		super();
		this.credentialTypes = credentialTypes;
		this.store = store;
		this.preAuthenticationCalls = 0;
	}

	type(name) {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name) {
		const type = this.credentialTypes[name];
		const parents = type?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode() {
		return true;
	}

	getCredentialsProperties(name) {
		return this.type(name).properties;
	}

	async getDecrypted(_additionalData, nodeCredentials, type) {
		const entry = this.store.get(nodeCredentials.id);
		if (!entry || entry.type !== type) throw new Error(`No credential ${nodeCredentials.id} of type ${type}`);
		return { ...entry.data };
	}

	async getCredentials(nodeCredentials, type) {
		// Only the reference is needed by n8n-core here; the data itself comes from getDecrypted.
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async updateCredentials(nodeCredentials, _type, data) {
		const entry = this.store.get(nodeCredentials.id);
		entry.data = { ...data };
	}

	async updateCredentialsOauthTokenData() {}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.type(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const resolve = (value) =>
			isExpression(value)
				? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '')
				: value;
		requestOptions.headers = requestOptions.headers ?? {};
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			requestOptions[outerKey] = requestOptions[outerKey] ?? {};
			for (const [key, value] of Object.entries(values)) requestOptions[outerKey][resolve(key)] = resolve(value);
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const testing = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (!(credentials[expirable.name] === '' || credentialsExpired || testing)) return undefined;
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (reference) {
			const entry = this.store.get(reference.id);
			entry.data = { ...entry.data, ...output };
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return await type.preAuthentication.call(helpers, credentials);
	}
}

module.exports = { CredentialStore, TestCredentialsHelper };
