// Rewrites the Content-Security-Policy of a hand-written sample page so that its hashes match its
// one inline <style> and one inline <script>, as the run's pages are written:
//   node tests/browser/sample/rehash.mjs tests/browser/sample/overview-sample-en.html
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
for (const file of process.argv.slice(2)) {
  let html = readFileSync(file, 'utf8');
  const style = html.match(/<style>([\s\S]*?)<\/style>/);
  const script = html.match(/<script>([\s\S]*?)<\/script>/);
  if (!style || !script) {
    console.error(`${file}: needs one <style> and one <script> without attributes`);
    process.exit(2);
  }
  html = html
    .replace(/style-src '[^']*'/, `style-src ${sha(style[1])}`)
    .replace(/script-src '[^']*'/, `script-src ${sha(script[1])}`);
  writeFileSync(file, html);
  console.log(`${file}: style-src ${sha(style[1])}, script-src ${sha(script[1])}`);
}
