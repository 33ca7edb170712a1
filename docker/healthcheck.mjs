// Container health check of the Biblio image (Dockerfile HEALTHCHECK). Exit 0 = healthy.
//
// - api / all roles: GET http://127.0.0.1:$BIBLIO_PORT/healthz must answer 200 (it answers 503
//   naming the failed component when the database, queue or storage is down).
// - worker role: it has no HTTP server, so the check is that Redis, where its work comes
//   from, accepts a TCP connection at REDIS_URL. A worker process that died ends the container
//   anyway (the process is the container's main process).
//
// The role is read from PID 1's command line (tini -- node ... --role ROLE). Plain Node, no
// dependencies, finishes within 5 s.
import { readFileSync } from 'node:fs';
import net from 'node:net';

const TIMEOUT_MS = 5000;

function role() {
  try {
    const argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
    const i = argv.indexOf('--role');
    return i === -1 ? 'all' : (argv[i + 1] ?? 'all');
  } catch {
    return 'all';
  }
}

function fail(message) {
  process.stderr.write(`unhealthy: ${message}\n`);
  process.exit(1);
}

async function checkHttp() {
  const port = process.env.BIBLIO_PORT || '8080';
  const url = `http://127.0.0.1:${port}/healthz`;
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    fail(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = await response.text().catch(() => '');
  if (response.status !== 200) fail(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  process.stdout.write(`healthy: ${body.slice(0, 300)}\n`);
}

function checkRedis() {
  const raw = process.env.REDIS_URL;
  if (!raw) fail('REDIS_URL is not set (the worker role needs it)');
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail('REDIS_URL is not a URL');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 6379);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      fail(`redis ${host}:${port}: no connection within ${TIMEOUT_MS} ms`);
    }, TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      process.stdout.write(`healthy: worker, redis ${host}:${port} reachable\n`);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      fail(`redis ${host}:${port}: ${error.message}`);
    });
  });
}

await (role() === 'worker' ? checkRedis() : checkHttp());
