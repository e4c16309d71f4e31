'use strict';
// Runs one scenario in a fresh process (against a sandbox the parent runs) and reports the
// process's peak resident set size, or the time n8n's loader takes to load the package, or a
// rate-limited run (sandbox and engine both in the child).
const path = require('path');
const { benchItems, runFloor } = require('./lib');

process.on('message', async ({ scenario, options }) => {
	try {
		if (scenario === 'load') {
			const start = process.hrtime.bigint();
			const { PackageDirectoryLoader } = require('n8n-core');
			const required = process.hrtime.bigint();
			const loader = new PackageDirectoryLoader(path.resolve(__dirname, '..'));
			await loader.loadAll();
			const done = process.hrtime.bigint();
			process.send({
				loadMs: Number(done - required) / 1e6,
				n8nCoreRequireMs: Number(required - start) / 1e6,
				nodes: Object.keys(loader.nodeTypes).length,
				credentials: Object.keys(loader.credentialTypes).length,
			});
			return process.exit(0);
		}
		const provider = require(path.join(__dirname, 'providers', `${options.provider}.js`));
		if (scenario === 'rateLimited') {
			// Its own sandbox and engine in this process, with no other benchmark's heap around.
			process.send(await provider.rateLimitedRun({ items: options.items }));
			return process.exit(0);
		}
		const { createHarness } = require('../test/harness/engine');
		let result;
		if (scenario === 'createFloor') {
			// The engine's own cost: a bare declarative node sending the same requests (see floorNodeType).
			const requests = benchItems(options.items).map((item) => provider.baselineRequest(options.ctx, item));
			result = await runFloor(provider.title, options.ctx.baseUrl, requests);
		} else {
			const harness = createHarness();
			const credentials = provider.credential(harness, options.ctx);
			const parameters = scenario === 'create' ? provider.createParameters(options.ctx) : provider.listParameters(options.ctx);
			const input = scenario === 'create' ? benchItems(options.items) : [{}];
			result = await harness.runNode({ type: provider.type, parameters, credentials, input });
			if (result.error) throw new Error(result.error.message);
		}
		process.send({ produced: result.items.length, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
		process.exit(0);
	} catch (error) {
		process.send({ error: error.message });
		process.exit(1);
	}
});
