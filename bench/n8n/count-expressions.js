'use strict';
// Bench-only preload for the n8n process (`node --require <this> n8n execute …`): counts, per item,
// every expression n8n resolves (WorkflowExpression.resolveSimpleParameterValue, which every
// parameter, routing, requestDefaults and credential expression goes through) and every
// getNodeParameter call, each with who asked (read from the stack), and writes the counts to
// $BENCH_PROFILE_OUT when the process exits. Loaded only by bench/n8n/profile.js.
const fs = require('fs');
const path = require('path');

const out = process.env.BENCH_PROFILE_OUT;
const n8nBin = process.argv[1];
const corePath = require.resolve('n8n-core', { paths: [path.dirname(n8nBin)] });
const coreDist = path.dirname(corePath);
const workflowPath = require.resolve('n8n-workflow', { paths: [coreDist] });
const { WorkflowExpression } = require(path.join(path.dirname(workflowPath), 'workflow-expression.js'));
const { NodeExecutionContext } = require(path.join(coreDist, 'execution-engine', 'node-execution-context', 'node-execution-context.js'));

const expressions = {}; // text → { [itemIndex]: { [caller]: count } }
const parameters = {}; // name → { [itemIndex]: { [caller]: count } }
const samples = {}; // "key | caller" → the first stack seen (innermost frames), to check the attribution

const OURS = /n8n-nodes-invoicing\/(dist\/)?(nodes|credentials)\//;

const frames = (stack) =>
	stack
		.split('\n')
		.slice(2)
		.map((line) => {
			const m = /at (?:async )?(?:new )?([^\s(]+) \((.*)\)$/.exec(line.trim()) ?? /at (?:async )?(.*)$/.exec(line.trim());
			return { fn: m?.[2] ? m[1] : '<anonymous>', file: m?.[2] ?? m?.[1] ?? '' };
		});

function caller(stack, { viaGetNodeParameter }) {
	const list = frames(stack);
	const fns = list.map((f) => f.fn);
	if (fns.some((f) => f.endsWith('CredentialsHelper.authenticate'))) return 'credential authenticate';
	// n8n runs with source maps: our frames name nodes/…/*.ts (or dist/…/*.js without them).
	const ours = list.find((f) => OURS.test(f.file));
	if (ours) {
		const file = ours.file.replace(/^.*n8n-nodes-invoicing\/(dist\/)?/, '').replace(/:\d+:\d+$/, '');
		return `our code ${file} ${ours.fn.replace(/^ExecuteSingleContext\./, '')}`;
	}
	const has = (name) => fns.some((f) => f.endsWith(name));
	const gnp = viaGetNodeParameter || has('_getNodeParameter');
	if (has('.authenticate') || has('CredentialsHelper.authenticate')) return 'credential authenticate';
	if (has('getDecrypted') || has('applyDefaultsAndOverwrites') || has('_getCredentials')) return 'credential data';
	if (has('resolveBaseUrl')) return gnp ? 'pass 2 (resolveBaseUrl): getNodeParameter of a routed property' : has('getRequestOptionsFromParameters') ? 'pass 2 (resolveBaseUrl): fixedCollection value or routing.request.baseURL' : 'pass 2 (resolveBaseUrl): property loop or requestDefaults.baseURL';
	if (has('getRequestOptionsFromParameters')) return gnp ? 'pass 1: getNodeParameter of a routed property' : 'pass 1: fixedCollection value or routing request/send/output expression';
	if (has('RoutingNode.runNode')) return gnp ? 'runNode: getNodeParameter' : 'pass 1: property loop or requestDefaults';
	if (has('runPostReceiveAction') || has('postProcessResponseData')) return 'routing: postReceive';
	if (fns.some((f) => f.includes('HttpRequestV3'))) return 'HTTP Request node execute';
	return fns.slice(0, 3).join(' < ');
}

function count(table, key, itemIndex, who, trace) {
	const sampleKey = `${key} | ${who}`;
	if (!(sampleKey in samples)) samples[sampleKey] = frames(trace).slice(0, 14).map((f) => `${f.fn} ${f.file.replace(/^.*node_modules\//, '')}`);
	const byItem = (table[key] ??= {});
	const byCaller = (byItem[itemIndex ?? 'none'] ??= {});
	byCaller[who] = (byCaller[who] ?? 0) + 1;
}

function stack() {
	const limit = Error.stackTraceLimit;
	Error.stackTraceLimit = 60;
	const s = new Error().stack;
	Error.stackTraceLimit = limit;
	return s;
}

let inGetNodeParameter = 0;
const originalResolve = WorkflowExpression.prototype.resolveSimpleParameterValue;
WorkflowExpression.prototype.resolveSimpleParameterValue = function (value, siblings, runExecutionData, runIndex, itemIndex, activeNodeName) {
	if (typeof value === 'string' && value.charAt(0) === '=' && activeNodeName !== 'Items') {
		const trace = stack();
		count(expressions, value, itemIndex, caller(trace, { viaGetNodeParameter: inGetNodeParameter > 0 }), trace);
	}
	return originalResolve.apply(this, arguments);
};

const originalGet = NodeExecutionContext.prototype._getNodeParameter;
NodeExecutionContext.prototype._getNodeParameter = function (name, itemIndex) {
	if (this.node?.name === 'Under test') {
		const trace = stack();
		count(parameters, name, itemIndex, caller(trace, { viaGetNodeParameter: false }), trace);
	}
	inGetNodeParameter++;
	try {
		return originalGet.apply(this, arguments);
	} finally {
		inGetNodeParameter--;
	}
};

process.on('exit', () => {
	if (out) fs.writeFileSync(out, JSON.stringify({ expressions, parameters, samples }, null, 2));
});
