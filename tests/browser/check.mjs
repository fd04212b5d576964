// The browser check of the run's HTML pages (the overview pages, manifest kind "overview").
//
//   node tests/browser/check.mjs --screenshots DIR [--expect-text TEXT ...] page1.html page2.html ...
//
// Each page is opened as a file:// URL in Debian's Chromium (/usr/bin/chromium, or $CHROMIUM),
// headless, with the page's own Content-Security-Policy in force, and fails on:
//   - any console message of type error (a CSP violation shows there) or uncaught page error;
//   - any request other than the page's own document (data: URLs aside): nothing is fetched;
//   - any axe-core violation of WCAG 2.0/2.1 A and AA, at desktop and at phone width;
//   - a document with no Content-Security-Policy of default-src 'none', more than one <script>
//     element, any on* event-handler attribute or any style attribute (cell text stays text);
//   - a missing landmark (header, nav, main, footer), headings out of order, a <th> without
//     scope, a chart (<svg>) without role="img" and a text equivalent;
//   - a right-to-left override or other direction mark from a value left open, so that it
//     reverses the page's own words after it (put such values in <bdi>);
//   - a page that scrolls sideways at phone width (WCAG 1.4.10 reflow; a table may scroll in a
//     container of its own);
//   - a findings filter (a <form> of <select>s) whose options do not show the rows they say;
//   - with JavaScript disabled, a findings row that is not visible.
// It writes full-page screenshots DIR/<stem>-phone.png (390x844), -desktop.png (1280x800) and
// -print.png (print media at desktop width), prints one line per page, and exits 1 when any
// page failed, naming each failure (2 when it could not run at all). Each --expect-text must be
// in every page's text, as characters (a hostile input's markup that stayed text).
//
// axe-core goes into the page with page.evaluate(source): the browser's debugging protocol
// evaluates it in the page's own world, which the CSP does not govern (it governs what the
// page itself loads and runs), so nothing of the CSP is bypassed and a page's violation still
// shows. Only the page's own <script> runs by the page's rules.

import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
// A screenshot longer than this is cut there (a page of thousands of findings would otherwise
// make pictures of hundreds of megabytes); the line of the page says so.
const MAX_SHOT_HEIGHT = 40000;
const TIMEOUT_MS = 15000;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function usage(message) {
  if (message) console.error(`check.mjs: ${message}`);
  console.error('usage: node tests/browser/check.mjs --screenshots DIR [--expect-text TEXT ...] page.html [page.html ...]');
  process.exit(2);
}

function parseArgs(argv) {
  let screenshots = null;
  const pages = [];
  const texts = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshots') {
      screenshots = argv[++i];
      if (!screenshots) usage('--screenshots needs a folder');
    } else if (argv[i].startsWith('--screenshots=')) {
      screenshots = argv[i].slice('--screenshots='.length);
    } else if (argv[i] === '--expect-text') {
      if (argv[i + 1] === undefined) usage('--expect-text needs a text');
      texts.push(argv[++i]);
    } else if (argv[i].startsWith('-')) {
      usage(`unknown option ${argv[i]}`);
    } else {
      pages.push(argv[i]);
    }
  }
  if (!screenshots) usage('--screenshots DIR is required');
  if (pages.length === 0) usage('name at least one page');
  return { screenshots, pages, texts };
}

// ---- In the page (run with page.evaluate: CDP evaluation, not a <script> of the page) ----

/** The document's own rules: one script, no event-handler or style attributes, a strict CSP. */
function houseRules() {
  const problems = [];
  const scripts = document.querySelectorAll('script').length;
  if (scripts > 1) problems.push(`${scripts} <script> elements (one at most)`);
  const all = [document.documentElement, ...document.documentElement.querySelectorAll('*')];
  const describe = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const text = (el.textContent || '').trim().slice(0, 40);
    return `<${el.localName}${id}>${text ? ` "${text}"` : ''}`;
  };
  for (const el of all) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) {
        problems.push(`event-handler attribute ${name}="${attr.value.slice(0, 40)}" on ${describe(el)}`);
      } else if (name === 'style') {
        problems.push(`style attribute "${attr.value.slice(0, 40)}" on ${describe(el)}`);
      }
    }
  }
  const csp = [...document.querySelectorAll('meta[http-equiv]')].filter(
    (m) => m.httpEquiv.toLowerCase() === 'content-security-policy',
  );
  if (csp.length === 0) {
    problems.push('no <meta http-equiv="Content-Security-Policy">');
  } else if (!csp.some((m) => /(^|;)\s*default-src\s+'none'\s*(;|$)/.test(m.content))) {
    problems.push(`the Content-Security-Policy has no default-src 'none': "${csp[0].content}"`);
  }
  return problems.slice(0, 20).concat(problems.length > 20 ? [`… and ${problems.length - 20} more`] : []);
}

/**
 * The page's shape, where axe's WCAG rules are silent (they leave these to best practice): the
 * landmarks, one h1 and headings that never skip a level, a scope on every table header cell,
 * and a text equivalent for every chart.
 */
function pageShape() {
  const problems = [];
  for (const landmark of ['header', 'nav', 'main', 'footer']) {
    if (!document.querySelector(landmark)) problems.push(`no <${landmark}> landmark`);
  }
  if (document.querySelectorAll('main').length > 1) problems.push('more than one <main>');
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  const h1s = headings.filter((h) => h.localName === 'h1').length;
  if (h1s !== 1) problems.push(`${h1s} <h1> headings (one expected)`);
  let level = 0;
  for (const h of headings) {
    const now = Number(h.localName[1]);
    if (now > level + 1) {
      problems.push(`heading <${h.localName}> "${h.textContent.trim().slice(0, 40)}" after <h${level || '-'}>: a level skipped`);
    }
    level = now;
  }
  const noScope = [...document.querySelectorAll('th')].filter(
    (th) => !['col', 'row', 'colgroup', 'rowgroup'].includes((th.getAttribute('scope') || '').toLowerCase()),
  );
  if (noScope.length > 0) {
    const names = noScope.slice(0, 5).map((th) => `"${th.textContent.trim().slice(0, 30)}"`);
    problems.push(`${noScope.length} <th> without scope: ${names.join(', ')}${noScope.length > 5 ? ', …' : ''}`);
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.parentElement && svg.parentElement.closest('svg')) continue;
    const hidden = svg.getAttribute('aria-hidden') === 'true';
    const labelled = (svg.getAttribute('aria-labelledby') || '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id))
      .some((el) => el && el.textContent.trim());
    const named = labelled || (svg.getAttribute('aria-label') || '').trim() || svg.querySelector(':scope > title')?.textContent.trim();
    if (!hidden && !(svg.getAttribute('role') === 'img' && named)) {
      const title = svg.querySelector('title')?.textContent.trim().slice(0, 40) || '';
      problems.push(`a chart (<svg>${title ? ` "${title}"` : ''}) without role="img" and a text equivalent`);
    }
  }
  return problems;
}

/**
 * Direction marks from the inputs stay inside their value: an embedding or override (U+202A to
 * U+202E) or an isolate (U+2066 to U+2068) left open reorders everything after it up to the end
 * of the paragraph, however many inline elements lie between, or up to the end of an element
 * that isolates (<bdi>, or unicode-bidi: isolate or plaintext). A mark left open is accepted
 * only where the value is all that paragraph or element holds (a cell holding just the value
 * shows as the spreadsheet did; a value in its own <bdi> within a sentence); anywhere else the
 * page's own words after it come out reversed.
 */
function bidiLeaks() {
  const problems = [];
  const strip = (t) => t.replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    if (!/[\u202A\u202B\u202D\u202E\u2066-\u2068]/.test(text)) continue;
    // The marks still open at the end of the text, as the bidirectional algorithm pairs them:
    // U+202C closes the last embedding or override, U+2069 the last isolate and all opened
    // inside it.
    const open = [];
    let i = 0;
    for (const ch of text) {
      if (/[\u202A\u202B\u202D\u202E]/.test(ch)) open.push({ kind: 'embedding', at: i });
      else if (/[\u2066-\u2068]/.test(ch)) open.push({ kind: 'isolate', at: i });
      else if (ch === '\u202C' && open.length && open.at(-1).kind === 'embedding') open.pop();
      else if (ch === '\u2069' && open.some((o) => o.kind === 'isolate')) {
        while (open.pop().kind !== 'isolate');
      }
      i += ch.length;
    }
    if (open.length === 0) continue;
    // How far the mark reaches: the end of the paragraph (a block), or of the nearest inline
    // element that isolates (<bdi>, unicode-bidi: isolate or plaintext). Within that, it must
    // hold the value alone.
    let bound = node.parentElement;
    while (bound && bound !== document.body) {
      const style = getComputedStyle(bound);
      if (!/^inline/.test(style.display)) break;
      if (bound.localName === 'bdi' || /isolate|plaintext/.test(style.unicodeBidi)) break;
      bound = bound.parentElement;
    }
    const opener = open[0].at;
    const before = document.createRange();
    before.setStart(bound, 0);
    before.setEnd(node, opener);
    const after = document.createRange();
    after.setStartAfter(node);
    after.setEnd(bound, bound.childNodes.length);
    if (before.toString().trim() === '' && after.toString().trim() === '') continue;
    const value = JSON.stringify(strip(text.slice(opener)).slice(0, 40));
    const rest = strip(after.toString());
    problems.push(
      `a direction mark left open in <${bound.localName}> reverses what follows it, ${value}` +
        (rest ? ` and "${rest.slice(0, 30)}"` : '') +
        ': isolate the value (a <bdi> of its own, or U+2068 before it and U+2069 after it)',
    );
  }
  return problems.slice(0, 10).concat(problems.length > 10 ? [`… and ${problems.length - 10} more`] : []);
}

/**
 * Reflow (WCAG 2.1 1.4.10, which axe does not test): at phone width the page itself never
 * scrolls sideways. A wide table may scroll inside a container of its own; anything else that
 * sticks out of the window is named.
 */
function reflow() {
  const width = document.documentElement.clientWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return [];
  const scrollsInside = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  // How far right an element or its content reaches; the innermost that reach too far are named.
  const reach = (el) => {
    const r = el.getBoundingClientRect();
    const scrolls = getComputedStyle(el).overflowX !== 'visible';
    return scrolls ? r.right : Math.max(r.right, r.left + el.scrollWidth);
  };
  const tooFar = (el) => reach(el) > width + 1 && !scrollsInside(el);
  const wide = [...document.body.querySelectorAll('*')].filter(
    (el) => tooFar(el) && ![...el.children].some(tooFar),
  );
  const names = wide.slice(0, 5).map((el) => {
    const id = el.id ? `#${el.id}` : el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : '';
    const label = el.querySelector('label')?.textContent.trim() || (el.textContent || '').trim().slice(0, 30);
    return `<${el.localName}${id}> "${label}" to ${Math.round(reach(el))} px`;
  });
  return [
    `the page is ${scrollWidth} px wide in a ${width} px window: it scrolls sideways (WCAG 1.4.10 reflow)` +
      (names.length ? `; too wide: ${names.join(', ')}` : ''),
  ];
}

/**
 * The findings filter: every <form> holding <select>s, the table it controls (aria-controls on
 * the form or a select, else the first table after the form) and that table's body rows. Marks
 * them with data attributes only this check reads, so the outside can address them.
 */
function findFilters() {
  const filters = [];
  const forms = [...document.querySelectorAll('form')].filter((f) => f.querySelector('select'));
  forms.forEach((form, i) => {
    const ids = [form, ...form.querySelectorAll('select')]
      .map((el) => el.getAttribute('aria-controls'))
      .filter(Boolean)
      .flatMap((v) => v.split(/\s+/));
    let table = ids.map((id) => document.getElementById(id)).find((el) => el && el.localName === 'table');
    if (!table) {
      table = [...document.querySelectorAll('table')].find(
        (t) => form.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
    }
    const selects = [...form.querySelectorAll('select')].map((s, j) => {
      s.setAttribute('data-browser-check', `${i}-${j}`);
      return {
        key: `${i}-${j}`,
        name: s.name || s.id || `select ${j + 1}`,
        label: (s.labels && s.labels[0] ? s.labels[0].textContent : s.name || '').trim(),
        options: [...s.options].map((o) => ({ value: o.value, text: o.textContent.trim() })),
      };
    });
    filters.push({ form: form.id || `form ${i + 1}`, table: table ? table.id || 'a table' : null, selects });
    if (table) table.setAttribute('data-browser-check', `${i}`);
  });
  return filters;
}

/**
 * Rows of a marked table's body (or of the table, less header rows): how many, how many show
 * and, given a select's name and an option's value, how many carry data-NAME="VALUE" and how
 * many of those that show do not.
 */
function tableRows({ key, name = null, value = null }) {
  const table = document.querySelector(`table[data-browser-check="${key}"]`);
  if (!table) return null;
  let rows = [...table.tBodies].flatMap((b) => [...b.rows]);
  if (rows.length === 0) rows = [...table.rows].filter((r) => r.querySelector('td'));
  const visible = (r) => !r.hidden && r.getClientRects().length > 0;
  const attr = name === null ? null : `data-${name}`;
  return {
    total: rows.length,
    visible: rows.filter(visible).length,
    marked: attr !== null && rows.some((r) => r.hasAttribute(attr)),
    matching: attr === null ? 0 : rows.filter((r) => r.getAttribute(attr) === value).length,
    visibleOther: attr === null ? 0 : rows.filter((r) => visible(r) && r.getAttribute(attr) !== value).length,
  };
}

// ---- Outside the page ----

/** A count an option states: "Error (2)", "Error: 2", "Error — 2 findings". */
function statedCount(text) {
  const m = text.match(/\((\d[\d\s.,\u00a0\u202f]*)\)\s*$/) || text.match(/[:\u2014\u2013-]\s*(\d[\d\s.,\u00a0\u202f]*)\D*$/);
  return m ? Number(m[1].replace(/[^\d]/g, '')) : null;
}

async function exerciseFilters(page, failures) {
  const filters = await page.evaluate(findFilters);
  if (filters.length === 0) {
    failures.push('no findings filter: no <form> holding a <select>');
    return { rows: 0, notes: [] };
  }
  let rows = 0;
  const notes = [];
  for (const [i, filter] of filters.entries()) {
    if (filter.table === null) {
      failures.push(`filter ${filter.form}: no table after it or named by aria-controls`);
      continue;
    }
    const all = await page.evaluate(tableRows, { key: `${i}` });
    rows += all.total;
    if (all.visible !== all.total) {
      failures.push(`filter ${filter.form}: ${all.visible} of ${all.total} rows visible before any choice`);
    }
    // The first option of each select is "all"; where it states a count, that is every row.
    for (const s of filter.selects) {
      const stated = s.options.length > 0 ? statedCount(s.options[0].text) : null;
      if (stated !== null && stated !== all.total) {
        failures.push(`filter ${s.label || s.name} = "${s.options[0].text}": the option states ${stated}, but the table has ${all.total} rows`);
      }
    }
    // Every select back to its first option ("all"), so that each is tried alone.
    const reset = async () => {
      for (const s of filter.selects) {
        if (s.options.length > 0) {
          await page.selectOption(`select[data-browser-check="${s.key}"]`, { index: 0 });
        }
      }
    };
    for (const s of filter.selects) {
      const choices = s.options.slice(1);
      if (choices.length === 0) {
        notes.push(`${s.name}: no option to choose`);
        continue;
      }
      let tried = 0;
      for (const option of choices) {
        await reset();
        await page.selectOption(`select[data-browser-check="${s.key}"]`, { value: option.value });
        const now = await page.evaluate(tableRows, { key: `${i}`, name: s.name, value: option.value });
        const byData = now.marked ? now.matching : null;
        const byText = statedCount(option.text);
        const expected = byData ?? byText;
        const what = `filter ${s.label || s.name} = "${option.text}"`;
        if (expected === null) {
          // Neither the rows (data-NAME) nor the option say how many: at least it must narrow.
          if (now.visible >= all.total && choices.length > 1) {
            failures.push(`${what}: still ${now.visible} of ${all.total} rows, and nothing says how many it should show`);
          }
        } else if (now.visible !== expected) {
          failures.push(`${what}: ${now.visible} rows visible, ${expected} expected (${byData !== null ? `rows with data-${s.name}="${option.value}"` : 'the count the option states'})`);
        }
        if (byData !== null && byText !== null && byData !== byText) {
          failures.push(`${what}: the option states ${byText}, but ${byData} rows have data-${s.name}="${option.value}"`);
        }
        if (byData !== null && now.visibleOther > 0) {
          failures.push(`${what}: ${now.visibleOther} visible rows of another ${s.name}`);
        }
        tried++;
      }
      notes.push(`${s.name} ${tried}/${choices.length}`);
    }
    await reset();
    const back = await page.evaluate(tableRows, { key: `${i}` });
    if (back.visible !== all.total) {
      failures.push(`filter ${filter.form}: back to the first options, ${back.visible} of ${all.total} rows visible`);
    }
  }
  return { rows, notes };
}

async function runAxe(page, width, failures) {
  const injected = await page.evaluate(AXE_SOURCE).then(
    () => page.evaluate(() => typeof window.axe === 'object' && typeof window.axe.run === 'function'),
    (e) => {
      failures.push(`axe-core could not be injected at ${width}: ${e.message.split('\n')[0]}`);
      return false;
    },
  );
  if (!injected) {
    failures.push(`axe-core is not in the page at ${width}`);
    return { passes: 0, violations: 0 };
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  for (const v of result.violations) {
    const targets = v.nodes.map((n) => n.target.join(' ')).slice(0, 8);
    const more = v.nodes.length > 8 ? ` … and ${v.nodes.length - 8} more` : '';
    failures.push(`axe ${v.id} (${v.impact}) at ${width}: ${v.help}; ${targets.join(', ')}${more}`);
  }
  return { passes: result.passes.length, violations: result.violations.length };
}

/** A full-page screenshot, cut at MAX_SHOT_HEIGHT. */
async function shoot(page, path, notes) {
  const [width, height] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.scrollHeight,
  ]);
  if (height <= MAX_SHOT_HEIGHT) {
    await page.screenshot({ path, fullPage: true });
  } else {
    notes.push(`${basename(path)} cut at ${MAX_SHOT_HEIGHT} of ${height} px`);
    await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height: MAX_SHOT_HEIGHT } });
  }
}

/** Listens for what must never happen: console errors, page errors, requests for anything. */
function watch(context, page, url, failures, label) {
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console error${label}: ${m.text()}`);
  });
  page.on('pageerror', (e) => failures.push(`page error${label}: ${e.message}`));
  context.on('request', (r) => {
    const u = r.url();
    if (u !== url && !u.startsWith('data:')) failures.push(`request${label}: ${r.method()} ${u}`);
  });
}

async function checkPage(browser, file, screenshots, texts) {
  const failures = [];
  const path = resolve(file);
  const url = pathToFileURL(path).href;
  const stem = basename(path, extname(path));
  const size = statSync(path).size;

  // With JavaScript, at desktop width: rules, axe, the filter, then the screenshots.
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, javaScriptEnabled: true });
  // Anything but the document itself is refused before it leaves the browser (and counted above).
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  watch(context, page, url, failures, '');
  const shots = [];
  let axe = { passes: 0, violations: 0 };
  let filter = { rows: 0, notes: [] };
  try {
    await page.goto(url, { waitUntil: 'load' });
    for (const p of await page.evaluate(houseRules)) failures.push(p);
    for (const p of await page.evaluate(pageShape)) failures.push(p);
    for (const p of await page.evaluate(bidiLeaks)) failures.push(p);
    const text = await page.evaluate(() => document.body.textContent);
    for (const t of texts) {
      if (!text.includes(t)) failures.push(`the text ${JSON.stringify(t)} is not in the page as text`);
    }
    const desktop = await runAxe(page, 'desktop width', failures);
    filter = await exerciseFilters(page, failures);
    await page.setViewportSize(PHONE);
    for (const p of await page.evaluate(reflow)) failures.push(`at phone width: ${p}`);
    const phone = await runAxe(page, 'phone width', failures);
    axe = { passes: desktop.passes, violations: desktop.violations + phone.violations };
    mkdirSync(screenshots, { recursive: true });
    await shoot(page, join(screenshots, `${stem}-phone.png`), shots);
    await page.setViewportSize(DESKTOP);
    await shoot(page, join(screenshots, `${stem}-desktop.png`), shots);
    await page.emulateMedia({ media: 'print' });
    await shoot(page, join(screenshots, `${stem}-print.png`), shots);
    // What the script left behind must keep the rules too.
    for (const p of await page.evaluate(houseRules)) failures.push(`after the script ran: ${p}`);
  } catch (e) {
    failures.push(`could not be checked: ${e.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }

  // A second time without JavaScript: every findings row shows.
  const still = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, javaScriptEnabled: false });
  await still.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const plain = await still.newPage();
  plain.setDefaultTimeout(TIMEOUT_MS);
  watch(still, plain, url, failures, ' (without JavaScript)');
  let plainRows = null;
  try {
    await plain.goto(url, { waitUntil: 'load' });
    const filters = await plain.evaluate(findFilters);
    plainRows = { total: 0, visible: 0 };
    for (const i of filters.keys()) {
      const r = await plain.evaluate(tableRows, { key: `${i}` });
      if (r) {
        plainRows.total += r.total;
        plainRows.visible += r.visible;
      }
    }
    if (plainRows.visible !== plainRows.total) {
      failures.push(`without JavaScript, ${plainRows.visible} of ${plainRows.total} findings rows visible`);
    }
  } catch (e) {
    failures.push(`could not be checked without JavaScript: ${e.message.split('\n')[0]}`);
  } finally {
    await still.close();
  }

  const rows = plainRows ? `${filter.rows} rows, ${plainRows.visible} without JavaScript` : `${filter.rows} rows`;
  const notes =
    (filter.notes.length ? ` (filter: ${filter.notes.join(', ')})` : '') + (shots.length ? ` (${shots.join(', ')})` : '');
  const line = `${failures.length ? 'FAIL' : 'ok  '} ${file}: ${size} bytes, axe ${axe.passes} passes ${axe.violations} violations, ${rows}${notes}`;
  return { file, line, failures: [...new Set(failures)] };
}

async function main() {
  const { screenshots, pages, texts } = parseArgs(process.argv.slice(2));
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  // launch() gives the browser a fresh user-data folder of its own, removed when it closes.
  const browser = await chromium
    .launch({ executablePath, headless: true, args: CHROMIUM_ARGS })
    .catch((e) => {
      console.error(`check.mjs: could not start Chromium at ${executablePath}: ${e.message.split('\n')[0]}`);
      console.error('hint: apt-get install chromium, or name another with CHROMIUM=/path/to/chromium');
      process.exit(2);
    });
  const results = [];
  try {
    for (const file of pages) {
      try {
        statSync(file);
      } catch {
        results.push({ file, line: `FAIL ${file}: no such file`, failures: ['no such file'] });
        console.log(results.at(-1).line);
        continue;
      }
      const result = await checkPage(browser, file, screenshots, texts);
      results.push(result);
      console.log(result.line);
      for (const f of result.failures) console.log(`     ${f}`);
    }
  } finally {
    await browser.close();
  }
  const failed = results.filter((r) => r.failures.length > 0);
  console.log(`browser check: ${results.length - failed.length} of ${results.length} pages passed`);
  if (failed.length > 0) {
    console.log(`failed: ${failed.map((r) => `${r.file} (${r.failures.length} failures)`).join(', ')}`);
    process.exit(1);
  }
}

await main();
