'use strict';
// The README's "main job" keeps working: each provider's demo runs its workflow without error.
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, 'demo', 'providers');
const demos = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => require(path.join(dir, f)));

describe('npm run demo', () => {
	test.each(demos.map((d) => [d.title, d]))('%s demo creates and reads back invoices', async (_title, demo) => {
		const lines = [];
		await demo.run((...args) => lines.push(args.join(' ')));
		expect(lines.join('\n')).toMatch(/invoice/i);
	});
});
