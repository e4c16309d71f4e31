'use strict';
// Runs the cached real n8n: one throw-away user folder per run, every command's log written as JSON
// lines to its own file (N8N_LOG_OUTPUT=file, debug level), so results and proofs are read from
// n8n's own log records rather than from console text.
const fs = require('fs');
const net = require('net');
const path = require('path');
const http = require('http');
const { run, start, tail } = require('./proc');
const { node24Env } = require('./n8n-install');

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', '..');

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Reads an n8n JSON-lines log file: [{ level, message, metadata }]. */
function readLog(file) {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			try {
				return JSON.parse(line);
			} catch {
				return { level: 'raw', message: line };
			}
		});
}

/** Plain HTTP request to loopback; resolves { status, headers, text, json }. */
function request(url, { method = 'GET', body, headers = {}, timeoutMs = 30_000 } = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const req = http.request(
			url,
			{
				method,
				headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers },
				timeout: timeoutMs,
			},
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, json, buffer: Buffer.concat(chunks) });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs / 1000} s`)));
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class N8nInstance {
	/**
	 * @param {object} options
	 * @param {object} options.paths from n8n-install's paths()
	 * @param {string} options.userFolder N8N_USER_FOLDER (n8n keeps its data in <userFolder>/.n8n)
	 * @param {string} options.logDir where each command's log goes
	 * @param {object} [options.env] extra environment
	 */
	constructor({ paths, userFolder, logDir, env = {} }) {
		this.paths = paths;
		this.userFolder = userFolder;
		this.n8nFolder = path.join(userFolder, '.n8n');
		this.nodesFolder = path.join(this.n8nFolder, 'nodes');
		this.logDir = logDir;
		this.extraEnv = env;
		this.step = 0;
		fs.mkdirSync(this.nodesFolder, { recursive: true });
		fs.mkdirSync(logDir, { recursive: true });
	}

	env(extra = {}) {
		const env = node24Env(this.paths, {
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'n8n-nodes-invoicing-e2e-not-a-secret',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_LOG_OUTPUT: 'file',
			N8N_LOG_LEVEL: 'debug',
			N8N_LOG_FILE_SIZE_MAX: '256',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			...this.extraEnv,
			...extra,
		});
		// n8n's default expression engine (isolated-vm) is what is being tested: never inherit an override.
		delete env.N8N_EXPRESSION_ENGINE;
		delete env.NODE_OPTIONS;
		return env;
	}

	logFile(name) {
		this.step += 1;
		return path.join(this.logDir, `${String(this.step).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '_')}.log`);
	}

	/** Runs `n8n <args>`; resolves { logFile, log (parsed lines), stdout, stderr, code }. */
	async cli(name, args, { timeoutMs = 180_000, allowFailure = false } = {}) {
		const logFile = this.logFile(name);
		const env = this.env({ N8N_LOG_FILE_LOCATION: logFile, N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const started = Date.now();
		let result;
		try {
			result = await run(this.paths.node, [this.paths.n8nBin, ...args], { cwd: this.userFolder, env, timeoutMs, allowFailure: true });
		} catch (error) {
			error.message += `\n(n8n log: ${logFile})`;
			throw error;
		}
		const log = readLog(logFile);
		const outcome = { ...result, logFile, log, seconds: (Date.now() - started) / 1000 };
		if (result.code !== 0 && !allowFailure) {
			const errors = log.filter((l) => l.level === 'error').map((l) => l.message);
			throw Object.assign(
				new Error(`n8n ${args.join(' ')} exited with ${result.code}\n${errors.slice(-10).join('\n')}\n${tail(result.stdout + result.stderr, 15)}\n(n8n log: ${logFile})`),
				{ outcome },
			);
		}
		return outcome;
	}

	/** Starts `n8n start` on a free loopback port and waits until it answers; returns a server handle. */
	async startServer({ name = 'start', port, timeoutMs = 180_000, env = {} } = {}) {
		port = port ?? (await freePort());
		const logFile = this.logFile(name);
		const consoleFile = logFile.replace(/\.log$/, '.console.txt');
		const fullEnv = this.env({
			N8N_PORT: String(port),
			N8N_HOST: 'localhost',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `http://localhost:${port}/`,
			WEBHOOK_URL: `http://localhost:${port}/`,
			N8N_LOG_FILE_LOCATION: logFile,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...env,
		});
		const proc = start(this.paths.node, [this.paths.n8nBin, 'start'], { cwd: this.userFolder, env: fullEnv, logFile: consoleFile });
		const baseUrl = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + timeoutMs;
		let exited = false;
		proc.exited.then(() => (exited = true));
		for (;;) {
			if (exited) throw new Error(`n8n start exited early\n${tail(proc.output(), 30)}\n(n8n log: ${logFile})`);
			if (Date.now() > deadline) {
				await proc.stop();
				throw new Error(`n8n start did not become ready within ${timeoutMs / 1000} s\n${tail(proc.output(), 30)}\n(n8n log: ${logFile})`);
			}
			try {
				const res = await request(`${baseUrl}/healthz/readiness`, { timeoutMs: 5000 });
				if (res.status === 200) break;
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
		return {
			port,
			baseUrl,
			logFile,
			log: () => readLog(logFile),
			output: () => proc.output(),
			stop: () => proc.stop(),
			request: (urlPath, options) => request(`${baseUrl}${urlPath}`, options),
		};
	}
}

/** The execution result that `n8n execute` logged (the JSON it prints), or undefined. */
function executionFromLog(log) {
	for (const line of log) {
		if (typeof line.message !== 'string' || !line.message.startsWith('{')) continue;
		try {
			const data = JSON.parse(line.message);
			if (data?.data?.resultData) return data;
		} catch {
			// not the result
		}
	}
	return undefined;
}

module.exports = { N8nInstance, freePort, readLog, request, executionFromLog, sleep, PACKAGE_ROOT };
