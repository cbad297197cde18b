// Measures the window with a big store: time from launch to a painted inbox, resident
// memory of all the app's processes, and scroll smoothness. Prints a table and, with
// BENCH_JSON, writes the figures. Called by dev/bench/ui (keyring session + Xvfb).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Session, startDriver } from '../../tests/e2e/webdriver.mjs';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(repo, 'target/release/medimail'));
const count = Number(process.env.BENCH_UI_MESSAGES ?? 100000);
const launches = Number(process.env.BENCH_UI_LAUNCHES ?? 5);
const scratch = process.env.BENCH_UI_SCRATCH;
const log = (msg) => process.stderr.write(`[bench-ui] ${msg}\n`);

function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Sum of the resident memory of a process and all its descendants, in MB. */
function treeRss(rootPid) {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, rss, comm]) => ({ pid: Number(pid), ppid: Number(ppid), rss: Number(rss), comm }));
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of table) if (!inTree.has(p.pid) && inTree.has(p.ppid)) { inTree.add(p.pid); grew = true; }
  }
  const members = table.filter((p) => inTree.has(p.pid));
  // RSS counts the shared libraries (WebKit, GTK) once per process; PSS shares them out, so
  // the PSS sum is what the app really takes from the machine.
  const pss = (pid) => {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  const pssKb = members.map((p) => pss(p.pid));
  return {
    mb: members.reduce((sum, p) => sum + p.rss, 0) / 1024,
    pssMb: pssKb.reduce((a, b) => a + b, 0) / 1024,
    processes: members.map((p, i) => `${p.comm} RSS ${(p.rss / 1024).toFixed(0)} MB / PSS ${(pssKb[i] / 1024).toFixed(0)} MB`),
  };
}

function appPid() {
  // `medimail` hands over to `medimail-window` (exec: same process, new name).
  const out = execFileSync('pgrep', ['-n', '-f', `${bin}(-window)? --profile`], { encoding: 'utf8' }).trim();
  return Number(out.split('\n').pop());
}

const opDir = path.join(scratch, 'op');
await fs.mkdir(opDir, { recursive: true });
log(`operator in ${opDir}`);
const env = JSON.parse((await run(path.join(repo, 'dev/operator/operator'), ['start', '--dir', opDir])).stdout);
const physician = env.accounts.find((a) => a.key === 'physician');
log(`seeding ${count} messages`);
await run(path.join(repo, 'dev/operator/operator'), ['seed', '--dir', opDir, '--count', String(count), '--mailbox', physician.email], { maxBuffer: 8 << 20 });
const profile = path.join(scratch, 'profile');
const add = execFile(bin, ['--profile', profile, 'account', 'add', '--email', physician.email, '--name', physician.display_name,
  '--imap', `${env.host}:${env.ports.imaps}`, '--smtp', `${env.host}:${env.ports.submissions}`, '--tls', 'implicit',
  '--ca-file', env.ca_file, '--password-stdin']);
add.stdin.end(physician.password);
await new Promise((resolve, reject) => add.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`account add ${code}`)))));
log('initial sync (not measured here: see dev/bench/run)');
await run(bin, ['--profile', profile, 'sync'], { maxBuffer: 64 << 20 });

const driver = await startDriver();
const launchTimes = [];
let memory = null;
let jank = null;
try {
  for (let i = 0; i < launches; i += 1) {
    const t0 = performance.now();
    const session = await Session.create(driver.url, bin, ['--profile', profile]);
    await session.waitFor(
      () => session.execute('return document.querySelectorAll("[data-testid=message-row]").length > 0'),
      'a painted inbox',
      60_000,
    );
    // Painted: wait for the frame after the rows exist.
    await session.cmd('POST', '/execute/async', {
      script: 'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));',
      args: [],
    });
    launchTimes.push(performance.now() - t0);
    log(`launch ${i + 1}: ${(performance.now() - t0).toFixed(0)} ms`);
    if (i === launches - 1) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      memory = treeRss(appPid());
      jank = await session.cmd('POST', '/execute/async', {
        script: `
          const done = arguments[arguments.length - 1];
          const row = document.querySelector('[data-testid=message-row]');
          let el = row.parentElement;
          while (el && !['auto', 'scroll'].includes(getComputedStyle(el).overflowY)) el = el.parentElement;
          if (!el) { done({ error: 'no scroll container' }); return; }
          const frames = [];
          let last = performance.now();
          const start = last;
          function step(now) {
            frames.push(now - last);
            last = now;
            el.scrollTop += 120;
            if (now - start < 5000) requestAnimationFrame(step);
            else done({ frames: frames.slice(1), scrolled: el.scrollTop, height: el.scrollHeight });
          }
          requestAnimationFrame(step);`,
        args: [],
      });
      const after = treeRss(appPid());
      memory.afterScroll = after.mb;
      memory.afterScrollPss = after.pssMb;
    }
    await session.delete();
  }
} finally {
  await driver.stop();
}

const frames = jank?.frames ?? [];
const result = {
  messages: count,
  launch_ms: { median: percentile(launchTimes, 0.5), min: Math.min(...launchTimes), runs: launchTimes.map(Math.round) },
  rss_mb: memory ? { open: Math.round(memory.mb), after_scroll: Math.round(memory.afterScroll), processes: memory.processes } : null,
  pss_mb: memory ? { open: Math.round(memory.pssMb), after_scroll: Math.round(memory.afterScrollPss) } : null,
  scroll: frames.length
    ? {
        frames: frames.length,
        p50_ms: +percentile(frames, 0.5).toFixed(1),
        p95_ms: +percentile(frames, 0.95).toFixed(1),
        over_33ms: frames.filter((f) => f > 33.4).length,
        over_50ms: frames.filter((f) => f > 50).length,
        scrolled_px: jank.scrolled,
      }
    : jank,
  load_average: (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' '),
};
const line = (a, b, c) => console.log(`| ${a} | ${b} | ${c} |`);
console.log(`\nUI benchmark, ${count} messages in the inbox (load average ${result.load_average})\n`);
line('Measure', 'Medimail', 'Goal');
line('---', '---', '---');
line('Launch to painted inbox (median / min)', `${result.launch_ms.median.toFixed(0)} ms / ${result.launch_ms.min.toFixed(0)} ms`, '< 1500 ms');
line('Memory, all processes, inbox open: PSS sum', result.pss_mb ? `${result.pss_mb.open} MB (after scrolling: ${result.pss_mb.after_scroll} MB)` : 'n/a', '< 300 MB');
line('  same, RSS sum (shared libraries counted per process)', result.rss_mb ? `${result.rss_mb.open} MB (after scrolling: ${result.rss_mb.after_scroll} MB)` : 'n/a', '(info)');
if (result.scroll?.frames) {
  line('Scroll: frame time p50 / p95', `${result.scroll.p50_ms} ms / ${result.scroll.p95_ms} ms`, '(info: 16.7 ms = 60 fps)');
  line('Scroll: frames over 33 ms / 50 ms', `${result.scroll.over_33ms} / ${result.scroll.over_50ms} of ${result.scroll.frames}`, '(info)');
}
console.log(`\nprocesses: ${result.rss_mb?.processes.join(', ')}`);
if (process.env.BENCH_JSON) await fs.writeFile(process.env.BENCH_JSON, JSON.stringify(result, null, 2));
await run(path.join(repo, 'dev/operator/operator'), ['stop', '--dir', opDir]).catch(() => {});
