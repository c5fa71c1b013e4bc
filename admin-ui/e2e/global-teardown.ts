import { loadState, psql } from './server';

export default async function globalTeardown() {
  const state = loadState();
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(state.pid, 0);
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      break;
    }
  }
  psql(`DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
}
