// Apollo Gateway inside Apollo Server's standalone HTTP server, on 127.0.0.1.
// Usage: node apollo.mjs PORT SUPERGRAPH_FILE
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const [port, supergraphFile] = process.argv.slice(2);
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraphFile, 'utf8') });
const server = new ApolloServer({ gateway });
await startStandaloneServer(server, { listen: { port: Number(port), host: '127.0.0.1' } });
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
