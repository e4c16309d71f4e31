'use strict';
// n8n finds the nodes and credentials through package.json's "n8n" section; this module offers the
// same list to scripts and tools in this repository (the demo, the benchmarks): the built node and
// credential classes, keyed by their n8n names.
const path = require('path');
const pkg = require('./package.json');

function load(files) {
	const loaded = {};
	for (const file of files) Object.assign(loaded, require(path.join(__dirname, file)));
	return loaded;
}

module.exports = {
	name: pkg.name,
	get nodes() {
		return load(pkg.n8n.nodes);
	},
	get credentials() {
		return load(pkg.n8n.credentials);
	},
};
