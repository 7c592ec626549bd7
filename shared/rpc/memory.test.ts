import { runConformance } from './conformance.testkit';
import { memoryPair } from './memory';

runConformance('the in-memory pair', async () => {
  const p = memoryPair();
  return { client: p.client, server: p.server, drop: () => p.close('dropped'), dispose: async () => p.close() };
});
