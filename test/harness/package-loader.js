'use strict';
// Loads the built package the way n8n's loader sees it: every node and credential listed in
// package.json's "n8n" section, from dist/, registered as "<package name>.<node name>".
const path = require('path');
const { DirectoryLoader } = require('n8n-core');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * @param {object} [options]
 * @param {string} [options.root] package folder
 * @param {string[]} [options.nodes] dist paths of the nodes to load (default: all of package.json's)
 * @param {string[]} [options.credentials] dist paths of the credentials to load (default: all)
 */
function loadPackage({ root = ROOT, nodes, credentials } = {}) {
	const pkg = require(path.join(root, 'package.json'));
	const nodeTypes = {};
	const credentialTypes = {};
	for (const file of nodes ?? pkg.n8n.nodes) {
		const exported = require(path.join(root, file));
		for (const NodeClass of Object.values(exported)) {
			const node = new NodeClass();
			// As n8n's loader does: polling nodes get "Poll Times", declarative nodes n8n's "Request
			// Options" (batching, proxy, timeout...).
			DirectoryLoader.prototype.applySpecialNodeParameters.call(undefined, node);
			nodeTypes[`${pkg.name}.${node.description.name}`] = node;
		}
	}
	for (const file of credentials ?? pkg.n8n.credentials) {
		const exported = require(path.join(root, file));
		for (const CredentialClass of Object.values(exported)) {
			const credential = new CredentialClass();
			credentialTypes[credential.name] = credential;
		}
	}
	return { packageName: pkg.name, nodeTypes, credentialTypes };
}

module.exports = { loadPackage, ROOT };
