// Measures the Annuaire in the window with the whole national directory loaded: the time
// from a keystroke in a search field to the first results painted (goal under 50 ms).
// A synthetic extraction of BENCH_DIRECTORY_ROWS rows (default 535,000) in the exact national
// format is written by dev/bench/directory's generator (or BENCH_DIRECTORY_FILE is reused)
// and imported with the command line; then, in the window, words are typed one character at
// a time in each field, and each keystroke is timed from the input event to two frames:
// - the first row of its answer painted (the goal's measure): the frame after the results
//   table shows a new answer (`data-answer` changed) with a row, or the count says none;
// - the whole answer settled: the frame after the count (read out) is final.
// Beside them, `grep -i` over the file: the floor any index must beat.
// Called by dev/bench/directory-ui (keyring session + Xvfb).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Session, startDriver } from '../../tests/e2e/webdriver.mjs';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(repo, 'target/release/medimail'));
const rows = Number(process.env.BENCH_DIRECTORY_ROWS ?? 535000);
const scratch = process.env.BENCH_UI_SCRATCH;
const log = (msg) => process.stderr.write(`[bench-directory-ui] ${msg}\n`);

/** Words typed a character at a time, by field (the advanced search's structure too). */
const WORDS = [
  ['who', 'martin'],
  ['who', 'lefèvre élo'],
  ['who', 'le goff'],
  ['activity', 'pédiatrie'],
  ['activity', 'kiné'],
  ['place', 'bretagne'],
  ['place', '13008'],
  ['structure', 'hôpital'],
];

function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const opDir = path.join(scratch, 'op');
await fs.mkdir(opDir, { recursive: true });
const env = JSON.parse((await run(path.join(repo, 'dev/operator/operator'), ['start', '--dir', opDir])).stdout);
const physician = env.accounts.find((a) => a.key === 'physician');
const profile = path.join(scratch, 'profile');
const add = execFile(bin, ['--profile', profile, 'account', 'add', '--email', physician.email, '--name', physician.display_name,
  '--imap', `${env.host}:${env.ports.imaps}`, '--smtp', `${env.host}:${env.ports.submissions}`, '--tls', 'implicit',
  '--ca-file', env.ca_file, '--password-stdin']);
add.stdin.end(physician.password);
await new Promise((resolve, reject) => add.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`account add ${code}`)))));

const file = process.env.BENCH_DIRECTORY_FILE ?? path.join(scratch, 'Extraction_Correspondance_MSSante_202512060215.txt');
if (process.env.BENCH_DIRECTORY_FILE) log(`reusing ${file}`);
else log(`generating ${rows} rows`);
if (!process.env.BENCH_DIRECTORY_FILE) await run('python3', ['-c', `
import importlib.machinery, importlib.util, sys
loader = importlib.machinery.SourceFileLoader('directory_bench', sys.argv[1])
spec = importlib.util.spec_from_loader('directory_bench', loader)
module = importlib.util.module_from_spec(spec)
loader.exec_module(module)
module.generate(sys.argv[2], int(sys.argv[3]))`, path.join(repo, 'dev/bench/directory'), file, String(rows)]);
log('importing');
const imported = JSON.parse((await run(bin, ['--profile', profile, '--json', 'directory', 'import', file], { maxBuffer: 64 << 20 })).stdout);
log(`${imported.entries} entries`);

const driver = await startDriver();
const times = { who: [], activity: [], place: [], structure: [] };
const settledTimes = { who: [], activity: [], place: [], structure: [] };
const first = [];
try {
  const session = await Session.create(driver.url, bin, ['--profile', profile]);
  // Clicked from the page: the window may still be laying itself out for WebDriver.
  const press = (testid) => session.execute(`document.querySelector('[data-testid="${testid}"]').click()`);
  await session.find('[data-testid="folder-directory"]', 60_000);
  await press('folder-directory');
  await session.find('[data-testid="directory-who"]', 30_000);
  await press('directory-advanced');
  await session.find('[data-testid="directory-structure"]');
  for (const [field, word] of WORDS) {
    await session.execute(
      `for (const el of document.querySelectorAll('[data-testid="directory-view"] input[type="search"]')) {
         el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true }));
       }`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let n = 1; n <= word.length; n += 1) {
      const text = word.slice(0, n);
      if (text.endsWith(' ')) continue;
      // From the input event to the start of the frame that paints the first row of the new
      // answer, and to the one that paints the settled count.
      const [ms, settledMs] = await session.cmd('POST', '/execute/async', {
        script: `
          const [selector, text, done] = arguments;
          const input = document.querySelector(selector);
          const view = document.querySelector('[data-testid="directory-view"]');
          const answer = () => view.querySelector('[data-answer]')?.dataset.answer ?? '';
          const count = document.querySelector('[data-testid="directory-count"]');
          const old = answer();
          let t0 = 0;
          let firstMs = -1;
          const settled = () => !/Recherche/.test(count.innerText) && count.innerText.trim() !== '';
          const check = () => {
            const fresh = answer() !== old;
            if (firstMs < 0 && ((fresh && view.querySelector('[data-testid="directory-row"]')) || settled())) {
              firstMs = 0;
              // The frame that paints them starts: its rendering follows this callback.
              requestAnimationFrame(() => (firstMs = performance.now() - t0));
            }
            if (settled()) {
              observer.disconnect();
              requestAnimationFrame(() => {
                const settledMs = performance.now() - t0;
                done([firstMs > 0 ? firstMs : settledMs, settledMs]);
              });
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(view, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-answer'] });
          input.value = text;
          t0 = performance.now();
          input.dispatchEvent(new Event('input', { bubbles: true }));
          setTimeout(() => { observer.disconnect(); done([-1, -1]); }, 10000);`,
        args: [`[data-testid="directory-${field}"]`, text],
      });
      if (ms < 0) throw new Error(`no results for ${field} "${text}" within 10 s`);
      times[field].push(ms);
      settledTimes[field].push(settledMs);
      if (n === 1) first.push(ms);
    }
    const last = (t) => t.slice(-word.replace(/ /g, '').length).map((x) => x.toFixed(0)).join(' ');
    log(`${field} "${word}": first row ${last(times[field])} ms; settled ${last(settledTimes[field])} ms`);
  }
  await session.delete();
} finally {
  await driver.stop();
  await run(path.join(repo, 'dev/operator/operator'), ['stop', '--dir', opDir]).catch(() => {});
}

// The floor: the same words looked for in the file itself, each with a new process.
const grepMs = [];
for (const [, word] of WORDS) {
  const t = performance.now();
  await run('grep', ['-i', '-c', word, file]).catch(() => {});
  grepMs.push(performance.now() - t);
}

const all = Object.values(times).flat();
const allSettled = Object.values(settledTimes).flat();
const result = {
  rows,
  entries: imported.entries,
  keystrokes: all.length,
  p50_ms: +percentile(all, 0.5).toFixed(1),
  p95_ms: +percentile(all, 0.95).toFixed(1),
  max_ms: +Math.max(...all).toFixed(1),
  first_character_p95_ms: +percentile(first, 0.95).toFixed(1),
  settled_p50_ms: +percentile(allSettled, 0.5).toFixed(1),
  settled_p95_ms: +percentile(allSettled, 0.95).toFixed(1),
  grep_p50_ms: +percentile(grepMs, 0.5).toFixed(1),
  by_field: Object.fromEntries(
    Object.entries(times).map(([field, t]) => [
      field,
      {
        p50_ms: +percentile(t, 0.5).toFixed(1),
        p95_ms: +percentile(t, 0.95).toFixed(1),
        settled_p50_ms: +percentile(settledTimes[field], 0.5).toFixed(1),
        settled_p95_ms: +percentile(settledTimes[field], 0.95).toFixed(1),
      },
    ]),
  ),
  load_average: (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' '),
};
const line = (a, b, c) => console.log(`| ${a} | ${b} | ${c} |`);
console.log(`\nAnnuaire in the window, ${result.entries} entries (load average ${result.load_average})\n`);
const row = (a, b, c, d) => console.log(`| ${a} | ${b} | ${c} | ${d} |`);
row('Measure', 'Medimail: first row painted, p50 / p95', 'whole answer settled, p50 / p95', 'Goal (first row)');
row('---', '---', '---', '---');
row(`Keystroke to results (${result.keystrokes} keystrokes)`, `${result.p50_ms} ms / ${result.p95_ms} ms`, `${result.settled_p50_ms} ms / ${result.settled_p95_ms} ms`, '< 50 ms');
row('  the first character of a word, p95', `${result.first_character_p95_ms} ms`, '', '(info)');
for (const [field, t] of Object.entries(result.by_field)) {
  row(`  ${field}`, `${t.p50_ms} ms / ${t.p95_ms} ms`, `${t.settled_p50_ms} ms / ${t.settled_p95_ms} ms`, '(info)');
}
row('`grep -i` over the file, one word (the floor)', `p50 ${result.grep_p50_ms} ms`, '', '');
if (process.env.BENCH_JSON) await fs.writeFile(process.env.BENCH_JSON, JSON.stringify(result, null, 2));
