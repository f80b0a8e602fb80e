// The status page: one self-contained HTML document (inline style and script, nothing fetched from
// anywhere but api/status on the same server) and the headers it is served with. The document is static;
// all data arrives as JSON. Its Content-Security-Policy allows exactly its own script and style (by hash),
// connections to its own origin only, and no HTML sinks (Trusted Types), so log text cannot become markup.
import { createHash } from 'node:crypto';
import { STATUS_PAGE_SCRIPT } from './status-page-script.js';
import { STATUS_PAGE_STYLE } from './status-page-style.js';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>errcode-exporter status</title>
<style>${STATUS_PAGE_STYLE}</style>
</head>
<body>
<header class="top">
  <h1>errcode-exporter <span id="version" class="muted"></span></h1>
  <span id="updated" class="muted">loading&hellip;</span>
  <nav id="links" class="links" hidden></nav>
</header>
<main>
  <div id="banner" class="banner" role="alert" hidden></div>
  <section id="summary" class="cards" aria-label="Summary"></section>

  <section aria-labelledby="codes-title">
    <h2 id="codes-title">Codes seen since start <span id="codes-count" class="muted"></span></h2>
    <div class="filters" role="group" aria-label="Filter codes">
      <label>Family <select id="filter-family"><option value="">all</option></select></label>
      <label>Class <select id="filter-class"><option value="">all</option></select></label>
      <label>Source <select id="filter-source"><option value="">all</option></select></label>
      <span class="muted">Click a row for its recent events. Times are as the log stamped them; <i>read</i> marks lines without a time stamp.</span>
    </div>
    <p id="samples-off" class="muted" hidden>Sample lines are turned off on this exporter (--no-status-samples).</p>
    <div class="table-wrap"><table id="codes" class="compact"><thead></thead><tbody></tbody></table></div>
    <p id="codes-omitted" class="muted"></p>
  </section>

  <section aria-labelledby="inputs-title">
    <h2 id="inputs-title">Inputs</h2>
    <div class="table-wrap"><table id="inputs"><thead></thead><tbody></tbody></table></div>
    <h3>Files</h3>
    <div class="table-wrap"><table id="files"><thead></thead><tbody></tbody></table></div>
    <p class="muted"><span id="files-omitted"></span> <span id="checkpoint"></span></p>
  </section>

  <section aria-labelledby="knowledge-title">
    <h2 id="knowledge-title">Rules and catalogs</h2>
    <div id="knowledge-state" class="knowledge-state"></div>
    <ul id="load-problems" class="problems" hidden></ul>
    <p id="restart-required" class="banner" hidden></p>
    <h3>Reloads</h3>
    <div class="table-wrap"><table id="reloads"><thead></thead><tbody></tbody></table></div>
    <div class="two-col">
      <div><h3>Catalogs</h3><div class="table-wrap"><table id="catalogs"><thead></thead><tbody></tbody></table></div></div>
      <div><h3>Rule files</h3><div class="table-wrap"><table id="rule-files"><thead></thead><tbody></tbody></table></div></div>
    </div>
  </section>

  <footer>Also served: <a href="metrics">/metrics</a> &middot; <a href="healthz">/healthz</a> &middot; <a href="readyz">/readyz</a> &middot; <a href="api/status">/api/status</a> (this page's data as JSON)</footer>
</main>
<script>${STATUS_PAGE_SCRIPT}</script>
</body>
</html>
`;

/** The page's Content-Security-Policy: nothing but its own inline script and style and same-origin fetches. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(STATUS_PAGE_SCRIPT)}`,
  `style-src ${sha256(STATUS_PAGE_STYLE)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** Headers for the page. */
export const STATUS_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': STATUS_PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Headers for api/status: JSON that a browser must never sniff into a document. */
export const STATUS_JSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};
