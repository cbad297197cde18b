// The command line beside the window in the end-to-end tests: the same binary, a given
// profile, what to type on its standard input.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** `medimail` (which hands over to `medimail-window` without a subcommand). */
export const binary = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(root, 'target/debug/medimail'));

/** Runs `medimail --profile PROFILE ARGS`; resolves with its exit code and output. */
export function runMedimail(profile, args, input) {
  return new Promise((resolve) => {
    const child = spawn(binary, ['--profile', profile, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
    child.stdin.end(input ?? '');
  });
}

/** Like `runMedimail`, resolving with its standard output; rejects when it fails. */
export async function medimailIn(profile, args, input) {
  const { code, out, err } = await runMedimail(profile, args, input);
  if (code !== 0) throw new Error(`medimail ${args.join(' ')}: ${err}`);
  return out;
}
