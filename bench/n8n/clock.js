'use strict';
// Bench-only preload for CPU-profiled n8n runs: at exit, writes the monotonic clock (the one V8's
// .cpuprofile timestamps use) next to the wall clock, so profile samples can be matched to the
// run data's startTime/executionTime. Loaded only by bench/n8n/profile.js.
const fs = require('fs');

process.on('exit', () => {
	if (process.env.BENCH_CLOCK_OUT) fs.writeFileSync(process.env.BENCH_CLOCK_OUT, JSON.stringify({ monotonicUs: Number(process.hrtime.bigint() / 1000n), epochMs: Date.now() }));
});
