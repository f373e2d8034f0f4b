/**
 * The framework's floor for bench:api: a bare Fastify server answering GET and POST /noop
 * with a small JSON body, run as its own process like the API.
 */
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/noop', () => Promise.resolve({ status: 'ok' }));
  app.post('/noop', async (_request, reply) => reply.code(201).send({ id: 'noop', version: 1 }));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
