import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What global-setup hands to the tests and to global-teardown (a file: they run in other processes). */
export interface E2eServer {
  pid: number;
  database: string;
  adminUrl: string;
  deliveryUrl: string;
  log: string;
}

// one file per run (the runner's pid), named in the environment its workers inherit: runs side by side keep apart
export const STATE_FILE = (process.env.BW_E2E_STATE ??= join(tmpdir(), `bitwreckers-admin-e2e-${process.pid}.json`));
export const ADMIN = { email: 'admin@bitwreckers.test', password: 'admin passphrase e2e' };
export const EDITOR = { email: 'editor@bitwreckers.test', password: 'editor passphrase e2e' };

export const saveState = (state: E2eServer) => writeFileSync(STATE_FILE, JSON.stringify(state));
export const loadState = (): E2eServer => JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eServer;

/** psql against the test cluster (PGHOST/PGUSER override 127.0.0.1/postgres, as in the Java tests). */
export function psql(sql: string, database = 'postgres'): string {
  return execFileSync(
    'psql',
    ['-h', process.env.PGHOST ?? '127.0.0.1', '-U', process.env.PGUSER ?? 'postgres', '-d', database, '-qAt', '-c', sql],
    { encoding: 'utf8', env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } },
  );
}
