'use strict';
// Counts how many times n8n evaluates each user parameter's expression while a node runs.
//
// `markParameters` turns every value the user set (each leaf: strings, numbers, booleans, the value
// of a resource locator) into an expression giving the same value and carrying its path in a
// comment, `={{ /*@additionalFields.currency*/ "EUR" }}`. `countResolutions` wraps n8n-workflow's
// `Expression.prototype.resolveSimpleParameterValue` (every expression evaluation goes through
// it, whoever asks: n8n-core's RoutingNode, `getNodeParameter` from routing or from the node's
// own steps) and counts the evaluations of each marked path, by who asked:
// - `loop`: RoutingNode.runNode's property loop, which resolves every property entry's value once
//   per item to hand it to routing expressions as `$value`;
// - `base`: RoutingNode.resolveBaseUrl (n8n-core 2.x, for the allowed-domains check), which does the
//   same a second time;
// - `walk`: RoutingNode.getRequestOptionsFromParameters resolving a displayed fixedCollection's
//   value again to walk its entries (twice per item: for the base URL and for the request), which
//   it does for every fixedCollection, with or without routing;
// - `node`: everything else: `getNodeParameter` from per-field routing and from preSend / run /
//   postReceive steps.
// `loop`, `base` and `walk` are n8n-core's own, for every declarative node: `loop` and `base` once
// each per property entry with that name; `node` is what the node's design adds. Unmarked expressions (base URL,
// `$value` templates) are counted by their text.
const { Expression } = require('n8n-workflow');

const MARK = /\/\*@([^*]+)\*\//;
const ENGINE_NAMES = ['resource', 'operation', 'authentication'];

/** The expression for one leaf value. */
function asExpression(path, value) {
	return `={{ /*@${path}*/ ${JSON.stringify(value)} }}`;
}

function markValue(value, path) {
	if (typeof value === 'string') return value.startsWith('=') ? value : asExpression(path, value);
	if (typeof value === 'number' || typeof value === 'boolean') return asExpression(path, value);
	if (Array.isArray(value)) return value.map((entry, index) => markValue(entry, `${path}[${index}]`));
	if (value && typeof value === 'object') {
		if (value.__rl) return { ...value, value: markValue(value.value, path) };
		return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, markValue(inner, `${path}.${key}`)]));
	}
	return value;
}

/**
 * The parameters with every value the user set as a marked expression (resource, operation, authentication kept,
 * and the `literal` names: selectors the editor allows no expression in, noDataExpression).
 */
function markParameters(parameters, literal = []) {
	return Object.fromEntries(
		Object.entries(parameters).map(([name, value]) => [name, ENGINE_NAMES.includes(name) || literal.includes(name) ? value : markValue(value, name)]),
	);
}

/** Who asked for an evaluation: the frame that called RoutingNode.getParameterValue, if any. */
function askedBy(stack) {
	const frames = stack.split('\n');
	const index = frames.findIndex((frame) => frame.includes('RoutingNode.getParameterValue'));
	if (index < 0) return 'node';
	const caller = frames[index + 1] ?? '';
	if (caller.includes('RoutingNode.runNode')) return 'loop';
	if (caller.includes('RoutingNode.resolveBaseUrl')) return 'base';
	if (caller.includes('RoutingNode.getRequestOptionsFromParameters')) return 'walk';
	return 'node';
}

/**
 * Runs `fn` with expression evaluations counted. Returns `{ result, parameters, other }`:
 * `parameters[path] = { loop, base, walk, node, total }`, `other[expressionText] = count`.
 */
async function countResolutions(fn) {
	const original = Expression.prototype.resolveSimpleParameterValue;
	const parameters = {};
	const other = {};
	const limit = Error.stackTraceLimit;
	Error.stackTraceLimit = 60;
	Expression.prototype.resolveSimpleParameterValue = function (parameterValue, ...rest) {
		if (typeof parameterValue === 'string' && parameterValue.startsWith('=')) {
			const mark = MARK.exec(parameterValue);
			if (mark) {
				const counts = (parameters[mark[1]] ??= { loop: 0, base: 0, walk: 0, node: 0, total: 0 });
				counts[askedBy(new Error().stack ?? '')]++;
				counts.total++;
			} else {
				other[parameterValue] = (other[parameterValue] ?? 0) + 1;
			}
		}
		return original.call(this, parameterValue, ...rest);
	};
	try {
		const result = await fn();
		return { result, parameters, other };
	} finally {
		Expression.prototype.resolveSimpleParameterValue = original;
		Error.stackTraceLimit = limit;
	}
}

/** Rows `[path, loop, base, walk, node, total]` as an aligned text table. */
function formatTable(title, counts) {
	const rows = Object.entries(counts.parameters).map(([path, c]) => [path, c.loop, c.base, c.walk, c.node, c.total]);
	const others = Object.entries(counts.other).map(([text, n]) => [`(not a parameter) ${text.length > 60 ? text.slice(0, 57) + '...' : text}`, '', '', '', '', n]);
	const all = [['parameter', 'loop', 'base', 'walk', 'node', 'total'], ...rows, ...others];
	const widths = all[0].map((_, i) => Math.max(...all.map((row) => String(row[i]).length)));
	const line = (row) => row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
	return [title, ...all.map(line)].join('\n');
}

module.exports = { markParameters, countResolutions, formatTable };
