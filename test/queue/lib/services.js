'use strict';
/**
 * PostgreSQL and Redis for the queue-mode test, from Debian's packages (`apt-get install -y postgresql
 * redis-server`), each a private throw-away instance under the test's work folder on a free port:
 * nothing of the system's own clusters or services is touched.
 *
 * - PostgreSQL: `initdb` of a new cluster (trust auth on 127.0.0.1 only, fsync off), `pg_ctl start`;
 *   as root the server runs as the `postgres` user (runuser), as another user as that user. Then a role
 *   and a database for n8n.
 * - Redis: `redis-server` in the foreground (no persistence), killed on stop.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const net = require('node:net');

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The bin folder of the newest PostgreSQL installed by Debian's packages. */
function postgresBin() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) {
		throw new Error(
			'PostgreSQL is not installed: apt-get update && apt-get install -y postgresql redis-server',
		);
	}
	const versions = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	if (!versions.length) throw new Error(`no PostgreSQL with initdb under ${base}`);
	return path.join(base, versions[0], 'bin');
}

/** Runs a PostgreSQL tool as the cluster owner (postgres when we are root). */
function asOwner(cmd, args, opts = {}) {
	const file = isRoot() ? 'runuser' : cmd;
	const argv = isRoot() ? ['-u', 'postgres', '--', cmd, ...args] : args;
	return execFileSync(file, argv, {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 120_000,
		...opts,
	});
}

async function startPostgres(
	dir,
	{ database = 'n8n', user = 'n8n', password = 'n8n-queue-test-password' } = {},
) {
	const bin = postgresBin();
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	const log = path.join(dir, 'postgres.log');
	asOwner(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
		'--locale=C',
	]);
	const port = await freePort();
	asOwner(path.join(bin, 'pg_ctl'), [
		'-D',
		data,
		'-l',
		log,
		'-w',
		'-t',
		'60',
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
		'start',
	]);
	const psql = (sql) =>
		asOwner(path.join(bin, 'psql'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			sql,
		]);
	psql(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
	psql(`CREATE DATABASE ${database} OWNER ${user}`);
	return {
		host: '127.0.0.1',
		port,
		database,
		user,
		password,
		log,
		psql: (sql, db = database) =>
			asOwner(path.join(bin, 'psql'), [
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				db,
				'-At',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				sql,
			]),
		async stop() {
			try {
				asOwner(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
			} catch {
				/* already stopped */
			}
		},
	};
}

async function startRedis(dir) {
	const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((f) =>
		fs.existsSync(f),
	);
	if (!bin)
		throw new Error(
			'redis-server is not installed: apt-get update && apt-get install -y postgresql redis-server',
		);
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const out = fs.openSync(path.join(dir, 'redis.log'), 'w');
	const child = spawn(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{
			stdio: ['ignore', out, out],
			detached: true,
		},
	);
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const deadline = Date.now() + 20_000;
	for (;;) {
		if (exited)
			throw new Error(
				`redis-server exited: ${JSON.stringify(exited)}\n${fs.readFileSync(path.join(dir, 'redis.log'), 'utf8').slice(-2000)}`,
			);
		const ok = await new Promise((resolve) => {
			const s = net.connect(port, '127.0.0.1');
			s.on('connect', () => {
				s.write('PING\r\n');
			});
			s.on('data', (d) => {
				resolve(String(d).includes('PONG'));
				s.destroy();
			});
			s.on('error', () => resolve(false));
		});
		if (ok) break;
		if (Date.now() > deadline) throw new Error('redis-server did not answer PING within 20 s');
		await sleep(200);
	}
	return {
		host: '127.0.0.1',
		port,
		pid: child.pid,
		async stop() {
			if (exited) return;
			try {
				process.kill(child.pid, 'SIGTERM');
			} catch {
				return;
			}
			for (let i = 0; i < 50 && !exited; i++) await sleep(100);
			if (!exited) {
				try {
					process.kill(child.pid, 'SIGKILL');
				} catch {
					/* gone */
				}
			}
		},
	};
}

module.exports = { startPostgres, startRedis, freePort, postgresBin };
