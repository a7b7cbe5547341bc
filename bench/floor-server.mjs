// The floors for server benchmarks, run as a child process like the real server:
//   node bench/floor-server.mjs http <port>     Node's bare http server (cold-start floor)
//   node bench/floor-server.mjs fastify <port>  Fastify 5 with one JSON route (API floor)
import http from 'node:http';

const [kind, port] = process.argv.slice(2);
if (kind === 'http') {
  http
    .createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    })
    .listen(Number(port), '127.0.0.1');
} else {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/floor', { schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } }, () => ({ ok: true }));
  await app.listen({ port: Number(port), host: '127.0.0.1' });
}
process.on('SIGTERM', () => process.exit(0));
