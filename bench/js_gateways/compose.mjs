// Composes the bench subgraphs into a supergraph with The Guild's federation composer.
// Usage: node compose.mjs OUT_FILE NAME=URL [NAME=URL ...]
import { writeFileSync } from 'node:fs';
import { parse } from 'graphql';
import { composeServices } from '@theguild/federation-composition';

async function subgraphSdl(url) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = await response.json();
  return body.data._service.sdl;
}

const [outFile, ...pairs] = process.argv.slice(2);
const services = [];
for (const pair of pairs) {
  const [name, url] = pair.split(/=(.*)/s);
  services.push({ name, url, typeDefs: parse(await subgraphSdl(url)) });
}
const result = composeServices(services);
if (result.errors) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
writeFileSync(outFile, result.supergraphSdl);
