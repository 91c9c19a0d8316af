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
const { execFileSync } = require('node:child_process');
const net = require('node:net');
const { freePort } = require('../../fixtures/net');
const { startProcess } = require('../../fixtures/processes');

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
	/** psql as the superuser over TCP; `options` go before the statement (e.g. a database, -At). */
	const psql = (sql, options = []) =>
		asOwner(path.join(bin, 'psql'), [
			...['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'],
			...options,
			...['-v', 'ON_ERROR_STOP=1', '-c', sql],
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
		psql: (sql, db = database) => psql(sql, ['-d', db, '-At']),
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
	const log = path.join(dir, 'redis.log');
	const redis = await startProcess(
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
		{
			name: 'redis-server',
			logFiles: { stdout: log, stderr: log },
			ready: () => answersPong(port),
			readyTimeoutMs: 20_000,
			readyIntervalMs: 200,
			stopTimeoutMs: 5_000,
		},
	);
	return { host: '127.0.0.1', port, pid: redis.pid, stop: redis.stop };
}

/** Whether a Redis server on 127.0.0.1:port answers PING. */
function answersPong(port) {
	return new Promise((resolve) => {
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
}

module.exports = { startPostgres, startRedis, postgresBin };
