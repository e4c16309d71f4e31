'use strict';
// `npm run demo`: the main job on an embedded default. For each provider, starts its sandbox on
// 127.0.0.1, runs an example invoicing workflow through n8n's engine and prints what was created.
// No account is needed. Each provider's demo lives in ./providers/<provider>.js.
const fs = require('fs');
const path = require('path');

const ORDER = ['levers', 'katsupay', 'pennylane'];

async function main() {
	const dir = path.join(__dirname, 'providers');
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
	files.sort((a, b) => ORDER.indexOf(path.basename(a, '.js')) - ORDER.indexOf(path.basename(b, '.js')));
	let failures = 0;
	for (const file of files) {
		const demo = require(path.join(dir, file));
		console.log(`\n=== ${demo.title} ===`);
		try {
			await demo.run((...args) => console.log(...args));
		} catch (error) {
			failures++;
			console.error(`${demo.title} demo failed: ${error.message}`);
		}
	}
	if (failures) process.exitCode = 1;
}

main();
