'use strict';
// `node bench/resolutions.js [operation...]` (after `npm run build`): for ONE item of each
// operation (test/reliability/resolutions-cases.js), how many times n8n evaluates each user
// parameter's expression, and by whom (see test/harness/resolutions.js): `loop` and `base` are
// n8n-core's RoutingNode (once each per property entry, for every declarative node), `node` is
// what the node's routing and steps add. Prints one table per operation.
const { markParameters, countResolutions, formatTable } = require('../test/harness/resolutions');
const { providers } = require('../test/reliability/resolutions-cases');

/** Counts one run of a case; throws when the run failed (a failed run resolves less). */
async function measure(provider, s, build) {
	const built = await build(s);
	const { parameters, items } = built.parameters && built.resource === undefined ? built : { parameters: built, items: undefined };
	const marked = markParameters({ ...provider.base, ...parameters });
	const counts = await countResolutions(() => s.run(marked, items));
	const run = counts.result;
	if (run.error) throw new Error(`${provider.title} ${parameters.resource}:${parameters.operation} failed: ${run.error.message}`);
	return counts;
}

async function main() {
	const only = process.argv.slice(2);
	for (const provider of providers) {
		const s = await provider.start();
		try {
			for (const [name, build] of Object.entries(provider.cases)) {
				if (only.length && !only.includes(name) && !only.includes(`${provider.title}:${name}`)) continue;
				const counts = await measure(provider, s, build);
				console.log(formatTable(`\n${provider.title} ${name} (1 item)`, counts));
			}
		} finally {
			await s.stop();
		}
	}
}

module.exports = { measure };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
