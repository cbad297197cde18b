#!/usr/bin/env node
// Writes the update manifest (`latest.json`) that tauri-plugin-updater reads, from the signed
// updater artifacts of a release build (`make release`; docs/releases.md). Each artifact's
// `.sig` (written by the Tauri CLI with the key from the environment) goes in as it is: the
// app checks it against the public key in tauri.conf.json. The notes are French, as the
// window shows them.
//
//   node dev/release-manifest.mjs --bundles DIR --url https://… --notes FILE [--version V] [--out FILE]
//
// Written by hand rather than with a package: the format is a dozen lines of JSON, and the
// release step should need nothing beyond node.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Which file of each bundle kind the updater installs, and the platform key it is looked up
// by (`{os}-{arch}-{installer}`, then `{os}-{arch}` for the first of the OS's kinds). The
// first kind of each OS must be signed; the others go in when the bundler signed them (not
// every version of the Tauri CLI signs .deb and .rpm).
const KINDS = [
  { dir: 'appimage', suffix: '.AppImage', os: 'linux', installer: 'appimage', required: true },
  { dir: 'deb', suffix: '.deb', os: 'linux', installer: 'deb' },
  { dir: 'rpm', suffix: '.rpm', os: 'linux', installer: 'rpm' },
  { dir: 'nsis', suffix: '-setup.exe', os: 'windows', installer: 'nsis', required: true },
  { dir: 'msi', suffix: '.msi', os: 'windows', installer: 'msi' },
  { dir: 'macos', suffix: '.app.tar.gz', os: 'darwin', installer: 'app', required: true },
];

const ARCHES = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686', arm: 'armv7', riscv64: 'riscv64' };

function fail(message) {
  console.error(`release-manifest : ${message}`);
  process.exit(2);
}

export function manifest({ bundles, url, notes, version, arch, date }) {
  if (!/^https:\/\/[^/@]+/.test(url)) fail(`l’adresse de publication doit commencer par https:// (reçu « ${url} »)`);
  const base = url.replace(/\/+$/, '');
  const platforms = {};
  for (const kind of KINDS) {
    const dir = path.join(bundles, kind.dir);
    if (!fs.existsSync(dir)) continue;
    const artifacts = fs.readdirSync(dir).filter((name) => name.endsWith(kind.suffix) && name.includes(version));
    for (const name of artifacts) {
      const sigFile = path.join(dir, `${name}.sig`);
      if (!fs.existsSync(sigFile)) {
        if (kind.required) fail(`${name} n’a pas de signature (${name}.sig) : la clé de signature était-elle fournie ?`);
        console.error(`release-manifest : ${name} n’est pas signé, il n’est pas proposé en mise à jour`);
        continue;
      }
      const entry = { signature: fs.readFileSync(sigFile, 'utf8').trim(), url: `${base}/${encodeURIComponent(name)}` };
      platforms[`${kind.os}-${arch}-${kind.installer}`] = entry;
      // The first kind of each OS answers for the app when it cannot tell how it was installed.
      platforms[`${kind.os}-${arch}`] ??= entry;
    }
  }
  if (Object.keys(platforms).length === 0) fail(`aucun fichier de mise à jour signé pour la version ${version} dans ${bundles}`);
  const text = fs.readFileSync(notes, 'utf8').trim();
  if (!text) fail(`les notes de version (${notes}) sont vides`);
  return { version, notes: text, pub_date: date, platforms };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      bundles: { type: 'string', default: path.join(root, 'target/release/bundle') },
      url: { type: 'string' },
      notes: { type: 'string' },
      version: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const version = values.version ?? JSON.parse(fs.readFileSync(path.join(root, 'tauri.conf.json'), 'utf8')).version;
  if (!values.url) fail('--url manque (l’adresse https:// où les fichiers seront publiés)');
  if (!values.notes) fail('--notes manque (le fichier des notes de version, en français)');
  const arch = ARCHES[process.arch] ?? fail(`architecture inconnue : ${process.arch}`);
  const written = manifest({
    bundles: values.bundles,
    url: values.url,
    notes: values.notes,
    version,
    arch,
    date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
  const out = values.out ?? path.join(values.bundles, 'latest.json');
  fs.writeFileSync(out, `${JSON.stringify(written, null, 2)}\n`);
  console.log(`${out} : version ${version}, ${Object.keys(written.platforms).length} entrées`);
}
