'use strict';
// Everything a run could leak a secret through, and a scanner for it.
//
// - `createLogCapture()` routes n8n's logging (LoggerProxy from n8n-workflow, and the DI Logger that
//   n8n-core's execution contexts use) to a capturing logger, and records console.* calls and
//   process.stdout/stderr writes. Runs happen side by side, so each line is attributed to the case
//   whose asynchronous context produced it (AsyncLocalStorage); lines outside any case go to an
//   "outside" bucket that is scanned too.
// - `runTexts()` gathers the texts of one run: output items, the error (message, description,
//   JSON, toJSON(), stack) and every error of its cause chain, and the whole run data, all through
//   a cycle-safe JSON serialiser.
// - `findSecrets()` looks for each secret, raw and URL-encoded in any letter case (a server may
//   upper-case what it echoes, "BEARER ..."), and base64-encoded, and reports where it appeared with
//   the secret itself masked.
// - `runPool()` runs tasks a few at a time (cases that each start their own sandbox).
const { AsyncLocalStorage } = require('async_hooks');
const util = require('util');
const { LoggerProxy } = require('n8n-workflow');

/** JSON of anything: cycles and repeated objects become "[Circular]", Errors keep message/stack, Buffers become text. */
function safeStringify(value, { maxNodes = 200000 } = {}) {
	const seen = new WeakSet();
	let nodes = 0;
	try {
		const text = JSON.stringify(value, function (_key, current) {
			if (typeof current === 'bigint') return current.toString();
			if (typeof current === 'function') return `[Function ${current.name || 'anonymous'}]`;
			if (typeof current === 'symbol') return current.toString();
			if (current === null || typeof current !== 'object') return current;
			if (current.type === 'Buffer' && Array.isArray(current.data)) return Buffer.from(current.data).toString('utf8');
			if (seen.has(current)) return '[Circular]';
			seen.add(current);
			if (++nodes > maxNodes) return '[Truncated]';
			if (current instanceof Error) {
				// Errors without toJSON: JSON.stringify alone would drop message, stack and cause.
				const plain = {};
				for (const name of Object.getOwnPropertyNames(current)) plain[name] = current[name];
				return plain;
			}
			if (current instanceof Map) return Object.fromEntries([...current.entries()].map(([k, v]) => [String(k), v]));
			if (current instanceof Set) return [...current];
			return current;
		});
		return text === undefined ? '' : text;
	} catch (error) {
		return `[unserialisable: ${error.message}]`;
	}
}

/** The errors of a cause chain (the error itself first), cycle-safe. */
function causeChain(error, limit = 20) {
	const chain = [];
	for (let current = error; current && typeof current === 'object' && chain.length < limit; current = current.cause) {
		if (chain.includes(current)) break;
		chain.push(current);
	}
	return chain;
}

/** Texts of one error and its cause chain, each labelled with where it came from. */
function errorTexts(error, label) {
	const texts = [];
	causeChain(error).forEach((entry, depth) => {
		const where = depth === 0 ? label : `${label}.cause${depth > 1 ? `^${depth}` : ''}`;
		const read = (name) => {
			try {
				return entry[name];
			} catch {
				return undefined;
			}
		};
		for (const name of ['message', 'description', 'stack']) {
			const text = read(name);
			if (text !== undefined && text !== null) texts.push({ source: `${where}.${name}`, text: String(text) });
		}
		texts.push({ source: `${where} JSON.stringify`, text: safeStringify(entry) });
		if (typeof entry.toJSON === 'function') {
			let json;
			try {
				json = entry.toJSON();
			} catch (failure) {
				json = `[toJSON threw: ${failure.message}]`;
			}
			texts.push({ source: `${where}.toJSON()`, text: safeStringify(json) });
		}
	});
	return texts;
}

/** Every text a harness run result exposes: items, errors (with causes), run data. */
function runTexts(result) {
	const texts = [];
	if (!result) return texts;
	texts.push({ source: 'output items', text: safeStringify(result.items) });
	if (result.error) texts.push(...errorTexts(result.error, 'node error'));
	(result.items ?? []).forEach((item, index) => {
		if (item?.error) texts.push(...errorTexts(item.error, `item ${index} error`));
	});
	texts.push({ source: 'run data (result.run)', text: safeStringify(result.run) });
	return texts;
}

/**
 * The forms a secret may take in text: raw and URL-encoded (both looked for in any letter case),
 * base64 as in Basic auth (letter case matters in base64).
 */
function secretForms(value) {
	const raw = String(value);
	const forms = [
		{ form: 'raw', text: raw, anyCase: true },
		{ form: 'base64', text: Buffer.from(raw, 'utf8').toString('base64'), anyCase: false },
	];
	const encoded = encodeURIComponent(raw);
	if (encoded !== raw) forms.push({ form: 'url-encoded', text: encoded, anyCase: true });
	return forms;
}

/**
 * @param {{source: string, text: string}[]} texts
 * @param {{name: string, value: string}[]} secrets
 * @returns {{secret: string, form: string, source: string, excerpt: string}[]} where each secret appeared
 */
function findSecrets(texts, secrets) {
	const findings = [];
	for (const secret of secrets) {
		if (!secret.value || String(secret.value).length < 8) throw new Error(`Secret "${secret.name}" is empty or too short to scan for reliably`);
		for (const { form, text: needle, anyCase } of secretForms(secret.value)) {
			for (const { source, text } of texts) {
				const haystack = String(text);
				const fold = (value) => (anyCase ? value.toLowerCase() : value);
				const at = fold(haystack).indexOf(fold(needle));
				if (at === -1) continue;
				const mask = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), anyCase ? 'gi' : 'g');
				const excerpt = haystack.slice(Math.max(0, at - 80), at + needle.length + 80).replace(mask, `<${secret.name}>`);
				findings.push({ secret: secret.name, form, source, excerpt });
			}
		}
	}
	return findings;
}

/** A readable report of findings (secrets masked). */
function describeFindings(findings) {
	return findings.map((f) => `- ${f.secret} (${f.form}) in ${f.source}: …${f.excerpt}…`).join('\n');
}

/** Throws, naming every place a secret appeared (secrets masked), when any did. */
function assertNoSecrets(texts, secrets) {
	const findings = findSecrets(texts, secrets);
	if (findings.length) throw new Error(`Secret(s) leaked:\n${describeFindings(findings)}`);
	return texts.length;
}

/**
 * Routes n8n's loggers, console.* and process.stdout/stderr through a recorder. `install()` once,
 * `during(label, fn)` around each run (returns { value, error, lines }), `uninstall()` at the end.
 */
function createLogCapture() {
	const storage = new AsyncLocalStorage();
	const outside = [];
	const saved = {};
	let installed = false;

	const record = (channel, text, { always = true } = {}) => {
		if (!installed) return;
		const context = storage.getStore();
		if (context) context.lines.push({ channel, text });
		else if (always) outside.push({ channel, text });
	};
	/** Whether output made in the current context is kept from the terminal (self-checks). */
	const muted = () => storage.getStore()?.mute === true;
	const logLine = (level) => (message, meta) =>
		record(`n8n logger ${level}`, `${message}${meta === undefined ? '' : ` ${safeStringify(meta)}`}`);
	const logger = {
		error: logLine('error'),
		warn: logLine('warn'),
		info: logLine('info'),
		debug: logLine('debug'),
		verbose: logLine('verbose'),
		scoped() {
			return logger;
		},
	};

	function install() {
		if (installed) return;
		installed = true;
		// n8n-core's execution contexts log through `Container.get(Logger)`. The real Logger, when
		// first built, points LoggerProxy at itself, so the capturing one is put in its place (and is
		// never asked for the real one: building it would take LoggerProxy over).
		try {
			const { Container } = require('@n8n/di');
			const { Logger } = require('@n8n/backend-common');
			Container.set(Logger, logger);
		} catch (error) {
			saved.containerError = error;
		}
		LoggerProxy.init(logger);
		saved.console = {};
		for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
			const original = console[method];
			saved.console[method] = original;
			console[method] = function (...args) {
				record(`console.${method}`, `${util.format(...args)} ${args.filter((a) => a && typeof a === 'object').map((a) => safeStringify(a)).join(' ')}`);
				return muted() ? undefined : original.apply(this, args);
			};
		}
		saved.streams = {};
		for (const name of ['stdout', 'stderr']) {
			const stream = process[name];
			const original = stream.write;
			saved.streams[name] = original;
			stream.write = function (chunk, ...rest) {
				// Only writes made by a run are kept: jest's own output is no part of it.
				record(`process.${name}`, Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk), { always: false });
				if (muted()) {
					const callback = rest.find((arg) => typeof arg === 'function');
					if (callback) callback();
					return true;
				}
				return original.call(this, chunk, ...rest);
			};
		}
	}

	function uninstall() {
		if (!installed) return;
		installed = false;
		for (const [method, original] of Object.entries(saved.console)) console[method] = original;
		for (const [name, original] of Object.entries(saved.streams)) process[name].write = original;
		const noop = () => {};
		LoggerProxy.init({ error: noop, warn: noop, info: noop, debug: noop });
	}

	/**
	 * Runs fn with its logs attributed to a fresh bucket; never throws (the error is returned).
	 * With `mute`, console and stdout/stderr output of fn is recorded but not shown.
	 */
	async function during(fn, { mute = false } = {}) {
		const lines = [];
		let value;
		let error;
		await storage.run({ lines, mute }, async () => {
			try {
				value = await fn();
			} catch (failure) {
				error = failure;
			}
		});
		return { value, error, lines };
	}

	/** The captured lines of one run, as texts for the scanner. */
	const lineTexts = (lines) => lines.map((line, index) => ({ source: `log line ${index + 1} (${line.channel})`, text: line.text }));

	return { install, uninstall, during, lineTexts, outside, logger, get containerError() { return saved.containerError; } };
}

/** Runs `task(entry)` for every entry, at most `concurrency` at a time; never rejects (see `settled`). */
async function runPool(entries, concurrency, task) {
	const results = new Array(entries.length);
	let next = 0;
	const worker = async () => {
		while (next < entries.length) {
			const index = next++;
			try {
				results[index] = { status: 'fulfilled', value: await task(entries[index], index) };
			} catch (reason) {
				results[index] = { status: 'rejected', reason };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
	return results;
}

module.exports = { runPool, safeStringify, causeChain, errorTexts, runTexts, findSecrets, assertNoSecrets, describeFindings, createLogCapture };
