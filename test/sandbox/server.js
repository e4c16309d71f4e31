'use strict';
// A provider simulator framework: a stateful HTTP server on 127.0.0.1 (random port) that routes
// requests to a provider's handlers, records every request, and can be told to misbehave:
// answer with a status, wait, drop the connection, or enforce a rate limit (`inject`,
// `setRateLimit`), or behave as hostile providers and proxies do (`setHostile`): echo the request's
// headers and body in error answers, ignore paging or filter parameters, hang, answer 200 with a
// page that is not JSON.
const http = require('http');
const { parseMultipart } = require('./multipart');

class HttpError extends Error {
	constructor(status, message, extra = {}) {
		super(message);
		this.status = status;
		this.extra = extra;
	}
}

function compile(pattern) {
	const names = [];
	const source = pattern.replace(/:(\w+)/g, (_, name) => {
		names.push(name);
		return '([^/]+)';
	});
	return { regex: new RegExp(`^${source}$`), names };
}

function matches(match, method, path) {
	if (!match) return true;
	if (match.method && match.method !== method) return false;
	if (match.path instanceof RegExp) return match.path.test(path);
	if (typeof match.path === 'string') return match.path === path;
	return true;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class SandboxServer {
	/**
	 * @param {object} options
	 * @param {string} options.name provider name, for messages
	 * @param {(status: number, message: string, extra: object) => unknown} options.errorBody the provider's documented error body
	 * @param {(request) => void} [options.authenticate] throws HttpError(401) when the request is not authorised
	 * @param {(state) => object} [options.rateLimitHeaders] headers describing the rate limit, sent on every response
	 * @param {string[]} [options.pagingParams] query parameters that select a page (dropped by `ignorePaging`)
	 * @param {string[]} [options.filterParams] query parameters that filter a list (dropped by `ignoreFilters`)
	 * @param {(body) => boolean} [options.isFailure] a 2xx body that reports a failure (an envelope flag), echoed like errors
	 */
	constructor({ name, errorBody, authenticate, rateLimitHeaders, pagingParams = [], filterParams = [], isFailure = () => false }) {
		this.name = name;
		this.isFailure = isFailure;
		this.pagingParams = pagingParams;
		this.filterParams = filterParams;
		this.hostile = {};
		this.errorBody = errorBody;
		this.authenticate = authenticate;
		this.rateLimitHeaders = rateLimitHeaders;
		this.routes = [];
		this.requests = [];
		this.faults = [];
		this.limit = null;
		this.windows = new Map();
		this.latencyMs = 0;
		this.sockets = new Set();
	}

	/**
	 * Registers a handler: (request) => ({ status, body, headers }) or throws HttpError. A Buffer body
	 * is sent as raw bytes. `public: true` skips `authenticate` (a provider's public file links).
	 */
	route(method, pattern, handler, { public: isPublic = false } = {}) {
		this.routes.push({ method, ...compile(pattern), handler, isPublic });
		return this;
	}

	/**
	 * Makes matching requests fail: { match: { method, path }, where, status, body, headers, delayMs, drop, times }.
	 * `where(entry)` narrows the match to requests whose logged entry (query, body, headers) it accepts.
	 */
	inject(fault) {
		this.faults.push({ times: 1, ...fault });
		return this;
	}

	/** Enforces `limit` requests per `windowMs` for each bearer token (null switches it off). */
	setRateLimit(limit) {
		this.limit = limit;
		this.windows.clear();
		return this;
	}

	/**
	 * Hostile behaviours, each off unless set (call with {} to switch all off):
	 * - echo: every error answer carries the request's headers and raw body, in its message text
	 *   (as a debug server does: "Malformed request (authorization: Bearer …)") and in a `debug` field;
	 * - ignorePaging: the provider's paging parameters (`pagingParams`) are dropped before routing,
	 *   so every request gets the first page;
	 * - ignoreFilters: its filter parameters (`filterParams`) are dropped (a proxy that loses them);
	 * - hangMs: requests wait this long before any answer (as long as the client stays);
	 * - nonJson: matching requests get `200 text/html` with a page that is not JSON;
	 * - match: { method, path } limits all of these to matching requests.
	 */
	setHostile(hostile = {}) {
		this.hostile = { ...hostile };
		return this;
	}

	/** Adds a fixed delay to every answer (to imitate network and server latency). */
	setLatency(ms) {
		this.latencyMs = ms;
		return this;
	}

	clearLog() {
		this.requests = [];
	}

	/** The recorded requests, optionally only those with this method and path (string or RegExp). */
	requestsTo(method, path) {
		return this.requests.filter((entry) => matches({ method, path }, entry.method, entry.path));
	}

	async start() {
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.keepAliveTimeout = 5000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		// A long accept queue (the kernel caps it at net.core.somaxconn): a run of thousands of items
		// opens that many connections at once, and with Node's default of 511 the overflow is reset.
		await new Promise((resolve) => this.server.listen({ port: 0, host: '127.0.0.1', backlog: 65535 }, resolve));
		this.baseUrl = `http://127.0.0.1:${this.server.address().port}`;
		return this.baseUrl;
	}

	async stop() {
		if (!this.server) return;
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.server.close(resolve));
		this.server = undefined;
	}

	takeFault(method, path, entry) {
		const index = this.faults.findIndex((fault) => matches(fault.match, method, path) && (!fault.where || fault.where(entry)));
		if (index === -1) return undefined;
		const fault = this.faults[index];
		if (--fault.times <= 0) this.faults.splice(index, 1);
		return fault;
	}

	/** Counts the request against its token's window; returns the window state. */
	countRequest(key) {
		const now = Date.now();
		let window = this.windows.get(key);
		if (!window || now >= window.resetAt) {
			window = { count: 0, resetAt: now + this.limit.windowMs };
			this.windows.set(key, window);
		}
		window.count++;
		return { limit: this.limit.limit, remaining: Math.max(0, this.limit.limit - window.count), resetAt: window.resetAt, exceeded: window.count > this.limit.limit };
	}

	async handle(req, res) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const buffer = Buffer.concat(chunks);
		const contentType = String(req.headers['content-type'] ?? '');
		const multipart = contentType.toLowerCase().startsWith('multipart/form-data');
		const raw = multipart ? `<multipart body, ${buffer.length} bytes>` : buffer.toString('utf8');
		const url = new URL(req.url, 'http://sandbox');
		const hostile = matches(this.hostile.match, req.method, url.pathname) ? this.hostile : {};
		const dropped = [...(hostile.ignorePaging ? this.pagingParams : []), ...(hostile.ignoreFilters ? this.filterParams : [])].map((name) => name.toLowerCase());
		for (const name of [...url.searchParams.keys()]) if (dropped.includes(name.toLowerCase())) url.searchParams.delete(name);
		const entry = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			rawBody: raw,
			body: undefined,
			status: undefined,
			at: Date.now(),
		};
		this.requests.push(entry);
		const send = (status, body, headers = {}) => {
			entry.status = status;
			entry.response = body;
			// A Buffer is sent as it is (files such as a PDF), with the handler's headers.
			if (Buffer.isBuffer(body)) {
				res.writeHead(status, headers);
				return res.end(body);
			}
			const text = body === undefined ? '' : JSON.stringify(body);
			res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
			res.end(text);
		};
		const echo = (status, body) => {
			if (!hostile.echo || (status < 400 && !this.isFailure(body))) return body;
			const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('; ');
			const text = ` (echo of the request: ${headers}; body: ${raw})`;
			const worded = JSON.parse(JSON.stringify(body ?? {}), (key, value) =>
				typeof value === 'string' && ['detail', 'message', 'error', 'msg'].includes(key) ? value + text : value,
			);
			return typeof worded === 'object' && worded !== null && !Array.isArray(worded)
				? { ...worded, debug: { headers: req.headers, body: raw } }
				: worded;
		};
		const sendError = (error) => {
			const status = error.status ?? 500;
			send(status, echo(status, this.errorBody(status, error.message, error.extra ?? {})), error.extra?.headers ?? {});
		};
		try {
			if (this.latencyMs) await sleep(this.latencyMs);
			if (hostile.hangMs) {
				await new Promise((resolve) => {
					const timer = setTimeout(resolve, hostile.hangMs);
					req.socket.once('close', () => {
						clearTimeout(timer);
						resolve();
					});
				});
				if (req.socket.destroyed) {
					entry.status = 'abandoned';
					return;
				}
			}
			if (hostile.nonJson) {
				entry.status = 200;
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				res.end('<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1><p>Please try again later.</p></body></html>');
				return;
			}
			const fault = this.takeFault(req.method, url.pathname, entry);
			if (fault?.delayMs) await sleep(fault.delayMs);
			if (fault?.drop) {
				entry.status = 'dropped';
				req.socket.destroy();
				return;
			}
			if (fault?.status) {
				const body = fault.body !== undefined ? fault.body : this.errorBody(fault.status, fault.message ?? 'Injected fault', {});
				return send(fault.status, echo(fault.status, body), fault.headers ?? {});
			}
			let rateHeaders = {};
			if (this.limit) {
				const key = req.headers.authorization ?? 'anonymous';
				const state = this.countRequest(key);
				rateHeaders = this.rateLimitHeaders ? this.rateLimitHeaders(state) : {};
				if (state.exceeded) {
					const retryAfter = Math.max(1, Math.ceil((state.resetAt - Date.now()) / 1000));
					entry.rateLimited = true;
					return send(429, echo(429, this.errorBody(429, `Rate limit exceeded. Please retry in ${retryAfter} seconds.`, {})), {
						...rateHeaders,
						'retry-after': String(retryAfter),
					});
				}
			}
			if (multipart) {
				try {
					entry.parts = parseMultipart(buffer, contentType);
				} catch (error) {
					throw new HttpError(400, `The multipart body is malformed: ${error.message}`);
				}
			} else if (raw) {
				try {
					entry.body = JSON.parse(raw);
				} catch {
					throw new HttpError(400, 'The request body is not valid JSON');
				}
			}
			const route = this.routes.find((candidate) => candidate.method === req.method && candidate.regex.test(url.pathname));
			if (!route) throw new HttpError(404, `No route ${req.method} ${url.pathname}`);
			const params = {};
			const found = route.regex.exec(url.pathname);
			route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1])));
			const request = { method: req.method, path: url.pathname, params, query: entry.query, headers: req.headers, body: entry.body, parts: entry.parts };
			if (!route.isPublic && this.authenticate) this.authenticate(request);
			const result = await route.handler(request);
			send(result.status ?? 200, echo(result.status ?? 200, result.body), { ...rateHeaders, ...(result.headers ?? {}) });
		} catch (error) {
			if (error instanceof HttpError) return sendError(error);
			send(500, this.errorBody(500, `Sandbox failure: ${error.message}`, {}));
		}
	}
}

module.exports = { SandboxServer, HttpError };
