import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { startMailSink } from './mail-sink';
import { ADMIN, EDITOR, psql, saveState } from './server';

const ROOT = resolve(import.meta.dirname, '../..');
const JAR = join(ROOT, 'server/target/bitwreckers-server.jar');

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, seconds = 90): Promise<T> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`e2e: gave up waiting for ${what}`);
}

/** A port free right now: the delivery listener's must be known before start, for PUBLIC_URL (media file URLs). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the built server jar (as ./cms start does) on free ports with a fresh database and the demo content, then
 * seeds the accounts the tests sign in with: the first admin from ADMIN_EMAIL, and an editor registered through the
 * delivery API (its address confirmed and its role set in the database: quicker than a staff invitation, which
 * review.spec.ts goes through). The server's mail goes to a local SMTP receiver (mail-sink.ts).
 */
export default async function globalSetup() {
  if (!existsSync(JAR)) throw new Error(`e2e: ${JAR} is missing; build it first (./cms build)`);
  const database = `bw_admin_e2e_${process.pid}`;
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  psql(`CREATE DATABASE ${database}`);
  const work = mkdtempSync(join(tmpdir(), 'bw-admin-e2e-'));
  const log = join(work, 'server.log');
  // the site's content types plus the test-only ones in e2e/fixtures/types (a type using every field type)
  const contentTypes = join(work, 'content-types');
  cpSync(join(ROOT, 'content-types'), contentTypes, { recursive: true });
  cpSync(join(import.meta.dirname, 'fixtures/types'), join(contentTypes, 'types'), { recursive: true });
  const out = openSync(log, 'a');
  const deliveryPort = await freePort();
  const smtp = await startMailSink(); // the server's mail goes here: tests read one-time links as a person would
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
  const server = spawn(java, ['-Djava.util.logging.config.file=config/logging.properties', '-jar', JAR], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(deliveryPort),
      PUBLIC_URL: `http://127.0.0.1:${deliveryPort}`, // media URLs point at this run's delivery listener
      ADMIN_PORT: '0',
      DATABASE_URL: `postgresql://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST ?? '127.0.0.1'}:5432/${database}`,
      SEED_DEMO_CONTENT: 'true',
      CONTENT_TYPES_DIR: contentTypes,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      MEDIA_DIR: join(work, 'media'),
      SECRET_KEY: 'e2e-secret-key-0123456789abcdefghijklmnop',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURITY: 'none',
    },
  });
  server.unref();
  // written before anything can fail, so global-teardown stops this server and drops this database
  saveState({ pid: server.pid!, database, adminUrl: '', deliveryUrl: '', log });
  const ports = await waitFor('the server to listen', () => {
    if (server.exitCode !== null) throw new Error(`e2e: the server stopped (${server.exitCode}); see ${log}`);
    const m = /Delivery API on (http:\/\/[^/]+)\/api\/v1, admin API on (http:\/\/[^/]+)\/admin\/v1/.exec(
      readFileSync(log, 'utf8'),
    );
    return m ? { delivery: m[1]!, admin: m[2]! } : undefined;
  });
  saveState({ pid: server.pid!, database, adminUrl: ports.admin, deliveryUrl: ports.delivery, log });
  process.env.ADMIN_BASE_URL = ports.admin;

  const registered = await fetch(`${ports.delivery}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: EDITOR.email, password: EDITOR.password, full_name: 'Edie Editor' }),
  });
  if (registered.status !== 202) throw new Error(`e2e: registering the editor answered ${registered.status}`);
  await waitFor('the editor account', () =>
    psql(`SELECT count(*) FROM users WHERE email = '${EDITOR.email}'`, database).trim() === '1' ? true : undefined,
  );
  psql(`UPDATE users SET role = 'editor', email_verified = true WHERE email = '${EDITOR.email}'`, database);
}
