// The local operator (dev/operator) for end-to-end tests: a private one per test file, in
// a short temporary directory (Dovecot's socket paths must stay short).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const operatorBin = path.join(root, 'dev/operator/operator');

export class Operator {
  constructor(dir, env) {
    this.dir = dir;
    this.env = env;
  }

  /** `servers`: more of the operator's servers (`['psc']` for the Pro Santé Connect provider). */
  static async start(servers = []) {
    const dir = await fs.mkdtemp('/tmp/mm-e2e-op.');
    const more = servers.length ? ['--with', servers.join(',')] : [];
    const { stdout } = await run(operatorBin, ['start', '--dir', dir, ...more], { maxBuffer: 8 << 20 });
    return new Operator(dir, JSON.parse(stdout));
  }

  account(key) {
    const account = this.env.accounts.find((a) => a.key === key);
    if (!account) throw new Error(`no operator account ${key}`);
    return account;
  }

  get imaps() {
    return `${this.env.host}:${this.env.ports.imaps}`;
  }

  get submissions() {
    return `${this.env.host}:${this.env.ports.submissions}`;
  }

  async seedDemo() {
    await run(operatorBin, ['seed', '--dir', this.dir], { maxBuffer: 8 << 20 });
  }

  async seedBulk(email, count, folder = 'INBOX') {
    await run(operatorBin, ['seed', '--dir', this.dir, '--count', String(count), '--mailbox', email, '--folder', folder], {
      maxBuffer: 8 << 20,
    });
  }

  /** Delivers raw RFC 5322 bytes to an address by the operator's LMTP, as its MTA does. */
  async deliver(from, to, raw) {
    const script = `
import smtplib, sys
c = smtplib.LMTP(sys.argv[1], int(sys.argv[2]))
refused = c.sendmail(sys.argv[3], [sys.argv[4]], sys.stdin.buffer.read())
assert not refused, refused
c.quit()
`;
    await new Promise((resolve, reject) => {
      const child = execFile('python3', ['-c', script, this.env.host, String(this.env.ports.lmtp), from, to], (error) =>
        error ? reject(error) : resolve(),
      );
      child.stdin.end(raw);
    });
  }

  /** Puts raw RFC 5322 bytes in a mailbox over IMAPS, as another client would. */
  async append(key, raw, folder = 'INBOX') {
    const account = this.account(key);
    const script = `
import imaplib, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[3])
c = imaplib.IMAP4_SSL(sys.argv[1], int(sys.argv[2]), ssl_context=ctx)
c.login(sys.argv[4], sys.argv[5])
typ, _ = c.append(sys.argv[6], None, None, sys.stdin.buffer.read())
assert typ == 'OK', typ
c.logout()
`;
    const child = execFile('python3', [
      '-c',
      script,
      this.env.host,
      String(this.env.ports.imaps),
      this.env.ca_file,
      account.login,
      account.password,
      folder,
    ]);
    const done = new Promise((resolve, reject) => {
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`append failed: ${stderr}`))));
    });
    child.stdin.end(raw);
    await done;
  }

  /** Message subjects in a folder, as the server has them (to check what the app did). */
  async subjects(key, folder = 'INBOX') {
    const account = this.account(key);
    const script = `
import imaplib, ssl, sys, json, email
from email.header import decode_header, make_header
ctx = ssl.create_default_context(cafile=sys.argv[3])
c = imaplib.IMAP4_SSL(sys.argv[1], int(sys.argv[2]), ssl_context=ctx)
c.login(sys.argv[4], sys.argv[5])
out = []
typ, _ = c.select('"%s"' % sys.argv[6], readonly=True)
if typ != 'OK':
    # Not (yet) on the server: the app applies its planned changes at its next pass.
    print(json.dumps(out)); sys.exit(0)
typ, data = c.uid('SEARCH', None, 'ALL')
uids = data[0].split()
if uids:
    typ, parts = c.uid('FETCH', b','.join(uids[-500:]).decode(), '(BODY.PEEK[HEADER.FIELDS (SUBJECT)])')
    for p in parts:
        if isinstance(p, tuple):
            m = email.message_from_bytes(p[1])
            out.append(str(make_header(decode_header(m.get('Subject', '')))))
print(json.dumps(out))
c.logout()
`;
    const { stdout } = await run('python3', [
      '-c',
      script,
      this.env.host,
      String(this.env.ports.imaps),
      this.env.ca_file,
      account.login,
      account.password,
      folder,
    ]);
    return JSON.parse(stdout);
  }

  async stop() {
    await run(operatorBin, ['stop', '--dir', this.dir]).catch(() => {});
    await fs.rm(this.dir, { recursive: true, force: true }).catch(() => {});
  }
}
