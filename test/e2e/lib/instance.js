'use strict';
// A ready-to-use local n8n for the screenshot and dev scripts: the cached n8n, a user folder with
// this package installed from `npm pack` (as n8n's installer does), the provider sandboxes running,
// and the example workflows and their credentials imported.
const fs = require('fs');
const path = require('path');
const { ensureN8n } = require('./n8n-install');
const { N8nInstance, PACKAGE_ROOT } = require('./n8n');
const { packPackage, installLikeN8n } = require('./package');

const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');
const PROVIDERS_DIR = path.join(__dirname, '..', 'providers');

function exampleCredentialRefs() {
	const refs = new Map();
	for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'))) {
		const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
		for (const node of workflow.nodes) for (const [type, ref] of Object.entries(node.credentials ?? {})) refs.set(ref.id, { ...ref, type });
	}
	return [...refs.values()];
}

/**
 * @param {object} options
 * @param {string} options.workDir folder for the user folder, logs and tarball
 * @param {boolean} [options.install] install the packed package (default true)
 * @param {(msg: string) => void} [options.log]
 */
async function prepareInstance({ workDir, install = true, log = console.log }) {
	const paths = await ensureN8n({ log });
	const n8n = new N8nInstance({ paths, userFolder: path.join(workDir, 'user'), logDir: path.join(workDir, 'logs') });
	if (install) {
		const packed = await packPackage(path.join(workDir, 'pack'));
		await installLikeN8n(n8n.nodesFolder, packed);
		log(`installed ${path.basename(packed.tarball)} into ${n8n.nodesFolder}`);
	}
	const providers = fs.readdirSync(PROVIDERS_DIR).filter((f) => f.endsWith('.js')).map((f) => require(path.join(PROVIDERS_DIR, f)));
	const contexts = new Map();
	for (const provider of providers) contexts.set(provider, await provider.start());
	const credentials = exampleCredentialRefs().flatMap((ref) => {
		const provider = providers.find((p) => p.credentialTypes.includes(ref.type));
		return provider ? [{ id: ref.id, name: ref.name, type: ref.type, data: provider.credentialData(ref.type, contexts.get(provider)) }] : [];
	});
	const credentialsFile = path.join(workDir, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2));
	await n8n.cli('import-credentials', ['import:credentials', `--input=${credentialsFile}`]);
	await n8n.cli('import-workflows', ['import:workflow', '--separate', `--input=${EXAMPLES_DIR}`]);
	log(`sandboxes: ${[...contexts].map(([p, c]) => `${p.name} ${c.baseUrl}`).join(', ')}; ${credentials.length} credential(s) and the examples imported`);
	return {
		paths,
		n8n,
		async stopSandboxes() {
			for (const [provider, ctx] of contexts) await provider.stop(ctx).catch(() => {});
		},
	};
}

module.exports = { prepareInstance };
