import { createWriteStream } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * The raw baseline of the upload benchmarks: a plain Node HTTP server in its own process that
 * streams each PUT body into a file in DIR, and nothing else (no auth, no protocol, no
 * database). Usage: raw-put-server.ts DIR; prints "port=N" once listening.
 */
const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: raw-put-server.ts DIR\n');
  process.exit(64);
}
let next = 0;
const server = http.createServer((req, res) => {
  if (req.method !== 'PUT') {
    res.writeHead(405).end();
    return;
  }
  const file = path.join(dir, `upload-${next++}`);
  pipeline(req, createWriteStream(file)).then(
    () => res.writeHead(204).end(),
    (error: Error) => res.writeHead(500).end(error.message),
  );
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`port=${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
