'use strict';
// Private PostgreSQL and Redis servers for the queue-mode run, on free loopback ports, in a
// temporary folder, never the system services. Each `start*` resolves { url-ish facts, stop() };
// stop() is safe to call twice. Debian's packages are installed when missing (root only).
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { run, start, tail } = require('../e2e/lib/proc');
const { freePort, sleep } = require('../e2e/lib/n8n');

const PG_VERSIONS = ['17', '16', '15'];

/** The folder of PostgreSQL's server programs (Debian keeps them per version). */
function pgBin() {
	for (const version of PG_VERSIONS) {
		const dir = `/usr/lib/postgresql/${version}/bin`;
		if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
	}
	return undefined;
}

const has = (file) => fs.existsSync(file);

/** Installs Debian's postgresql and redis-server when one is missing (one `apt-get update`). */
async function ensurePackages(log) {
	const missing = [];
	if (!pgBin() || !has('/usr/bin/psql')) missing.push('postgresql');
	if (!has('/usr/bin/redis-server')) missing.push('redis-server');
	if (!missing.length) return;
	if (process.getuid?.() !== 0) throw new Error(`missing ${missing.join(', ')}: install them (apt-get install -y ${missing.join(' ')}) or run as root`);
	log(`installing ${missing.join(', ')} (apt-get)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
	await run('apt-get', ['install', '-y', ...missing], { env, timeoutMs: 15 * 60_000 });
}

/** Runs a command as the postgres user when we are root (initdb and postgres refuse root). */
function asPostgres(command, args) {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** A throw-away PostgreSQL cluster in `dir`: { host, port, user, database, psql(sql), stop() }. */
async function startPostgres(dir, { log = () => {} } = {}) {
	const bin = pgBin();
	if (!bin) throw new Error('PostgreSQL server programs not found under /usr/lib/postgresql');
	const data = path.join(dir, 'pgdata');
	const socketDir = path.join(dir, 'pgsock');
	fs.mkdirSync(data, { recursive: true });
	fs.mkdirSync(socketDir, { recursive: true });
	if (process.getuid?.() === 0) await run('chown', ['-R', 'postgres:postgres', data, socketDir], { timeoutMs: 30_000 });
	const port = await freePort();
	await run(...asPostgres(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']), { timeoutMs: 120_000 });
	const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	if (process.getuid?.() === 0) await run('chown', ['postgres:postgres', logFile], { timeoutMs: 30_000 });
	await run(...asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', logFile, '-w', '-t', '60', 'start']), { timeoutMs: 90_000 });
	let stopped = false;
	const stopArgs = asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
	// pg_ctl leaves the server running on its own: stop it however this process ends (Ctrl-C included).
	const onExit = () => {
		if (!stopped) spawnSync(stopArgs[0], stopArgs[1], { stdio: 'ignore', timeout: 30_000 });
	};
	process.on('exit', onExit);
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		process.off('exit', onExit);
		await run(...stopArgs, { timeoutMs: 60_000, allowFailure: true });
	};
	const psql = async (sql, database = 'n8n') => {
		const { stdout } = await run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			timeoutMs: 30_000,
		});
		return stdout
			.split('\n')
			.filter(Boolean)
			.map((line) => line.split('\t'));
	};
	try {
		await psql('CREATE DATABASE n8n', 'postgres');
	} catch (error) {
		await stop();
		throw new Error(`${error.message}\n${tail(fs.readFileSync(logFile, 'utf8'))}`);
	}
	log(`PostgreSQL (${path.basename(path.dirname(bin))}) on 127.0.0.1:${port}, data in ${data}`);
	return { host: '127.0.0.1', port, user: 'postgres', database: 'n8n', psql, stop, logFile };
}

/** A Redis server without persistence: { host, port, stop() }. */
async function startRedis(dir, { log = () => {} } = {}) {
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const proc = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir], {
		cwd: dir,
		logFile,
	});
	const deadline = Date.now() + 30_000;
	for (;;) {
		const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { timeoutMs: 5000, allowFailure: true });
		if (stdout.trim() === 'PONG') break;
		if (Date.now() > deadline) {
			await proc.stop();
			throw new Error(`redis-server did not answer within 30 s\n${tail(proc.output())}`);
		}
		await sleep(200);
	}
	log(`Redis on 127.0.0.1:${port}`);
	return { host: '127.0.0.1', port, stop: () => proc.stop(5000) };
}

module.exports = { ensurePackages, startPostgres, startRedis };
