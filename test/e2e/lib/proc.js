'use strict';
// Child processes with time limits. Every child runs in its own process group, so a timeout or
// the end of the run kills it together with whatever it started (n8n starts task runners).
const fs = require('fs');
const { spawn } = require('child_process');

const live = new Set();

function killGroup(child, signal = 'SIGTERM') {
	if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

function killAll() {
	for (const child of live) killGroup(child, 'SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		killAll();
		process.exit(130);
	});
}

/**
 * Runs a command to completion. Resolves { stdout, stderr, code }; rejects on a non-zero exit
 * (unless allowFailure) or when timeoutMs passes (the process group is killed).
 */
function run(command, args, { cwd, env, timeoutMs = 60_000, log, logFile, allowFailure = false, input } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env: env ?? process.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
		live.add(child);
		const out = [];
		const err = [];
		const file = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
		file?.write(`\n$ ${command} ${args.join(' ')}\n`);
		child.stdout.on('data', (chunk) => {
			out.push(chunk);
			file?.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			err.push(chunk);
			file?.write(chunk);
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			live.delete(child);
			file?.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			live.delete(child);
			file?.end();
			const stdout = Buffer.concat(out).toString('utf8');
			const stderr = Buffer.concat(err).toString('utf8');
			if (timedOut) return reject(Object.assign(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs / 1000} s\n${tail(stdout + stderr)}`), { stdout, stderr }));
			if (code !== 0 && !allowFailure) {
				log?.(tail(stdout + stderr, 40));
				return reject(Object.assign(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${tail(stdout + stderr)}`), { stdout, stderr, code }));
			}
			resolve({ stdout, stderr, code });
		});
	});
}

/** Starts a long-running process; returns { child, output(), stop() }. Output also goes to logFile. */
function start(command, args, { cwd, env, logFile } = {}) {
	const child = spawn(command, args, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	live.add(child);
	const chunks = [];
	const file = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
	const take = (chunk) => {
		chunks.push(chunk);
		file?.write(chunk);
	};
	child.stdout.on('data', take);
	child.stderr.on('data', take);
	const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
	exited.then(() => {
		live.delete(child);
		file?.end();
	});
	return {
		child,
		exited,
		output: () => Buffer.concat(chunks).toString('utf8'),
		async stop(graceMs = 15_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		},
	};
}

function tail(text, lines = 25) {
	return text.split('\n').slice(-lines).join('\n');
}

module.exports = { run, start, killAll, tail };
