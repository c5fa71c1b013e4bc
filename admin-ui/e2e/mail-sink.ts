import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the sink writes each message it receives (one file per message, raw RFC 5322 text): one folder per run,
 * handed to the test workers through the environment, as the server's address is.
 */
const MAIL_DIR = (process.env.E2E_MAIL_DIR ??= join(tmpdir(), `bitwreckers-admin-e2e-mail-${process.pid}`));

/**
 * A minimal SMTP receiver for the end-to-end run: the server sends its mail here over plain SMTP (SMTP_SECURITY=none,
 * as to a local relay), so tests read what a person would find in their inbox, one-time links included (the admin
 * API's mail log masks them). It speaks just enough SMTP for Jakarta Mail: greeting, EHLO/HELO, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT.
 */
export async function startMailSink(): Promise<{ port: number; server: Server }> {
  rmSync(MAIL_DIR, { recursive: true, force: true });
  mkdirSync(MAIL_DIR, { recursive: true });
  let count = 0;
  const server = createServer((socket) => {
    let buffer = '';
    let data: string[] | null = null;
    socket.setEncoding('latin1');
    socket.write('220 e2e mail sink\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === '.') {
            writeFileSync(join(MAIL_DIR, `${Date.now()}-${++count}.eml`), data.join('\r\n'), 'latin1');
            data = null;
            socket.write('250 queued\r\n');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-e2e mail sink\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          data = [];
          socket.write('354 end with .\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref(); // the run ends when the tests do
  return { port: (server.address() as AddressInfo).port, server };
}

/** Decodes quoted-printable soft breaks and escapes, enough to read links in a text part. */
function unquote(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Every message received so far for the address, oldest first, decoded. */
export function mailTo(address: string): string[] {
  return readdirSync(MAIL_DIR)
    .sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.localeCompare(b, undefined, { numeric: true }))
    .map((file) => readFileSync(join(MAIL_DIR, file), 'latin1'))
    .filter((raw) => new RegExp(`^To:.*${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'mi').test(raw))
    .map(unquote);
}
