// Hive Gateway's runtime over a supergraph file, one Node process, on 127.0.0.1.
// Usage: node hive.mjs PORT SUPERGRAPH_FILE
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

const [port, supergraph] = process.argv.slice(2);
const gateway = createGatewayRuntime({ supergraph, logging: 'error' });
const server = createServer(gateway);
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
