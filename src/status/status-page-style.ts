// The status page's stylesheet, inlined into the page (no external resources; allowed by its CSP hash).
// Readable first: fatal in red, remedies in full, monospace for codes, paths and sample lines.

export const STATUS_PAGE_STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa;
  --fatal: #b42318; --fatal-bg: #fef3f2; --retry: #9a6700; --retry-bg: #fff8c5; --unknown: #57606a; --unknown-bg: #eaeef2;
  --ok: #1a7f37; --ok-bg: #dafbe1; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1500px; margin: 0 auto; padding: 0 20px 32px; }
header.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; padding: 14px 20px; border-bottom: 1px solid var(--line); background: var(--soft); }
header.top h1 { font-size: 18px; margin: 0; }
header.top .muted { font-size: 13px; }
h2 { font-size: 16px; margin: 26px 0 8px; display: flex; align-items: baseline; gap: 10px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
.muted { color: var(--muted); }
.mono, code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12.5px; }
.banner { margin: 12px 0 0; padding: 8px 12px; border-radius: 6px; background: var(--fatal-bg); color: var(--fatal); border: 1px solid #fda29b; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin-top: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--bg); }
.card .label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 650; margin-top: 2px; }
.card .sub { font-size: 12px; color: var(--muted); }
.card.bad { border-color: #fda29b; background: var(--fatal-bg); }
.card.bad .value { color: var(--fatal); }
.card.good .value { color: var(--ok); }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
tbody tr:last-child td { border-bottom: 0; }
thead th { background: var(--soft); font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; position: sticky; top: 0; }
th button { all: unset; cursor: pointer; }
th button:hover, th button:focus-visible { color: var(--fg); text-decoration: underline; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td.pre { white-space: pre-wrap; word-break: break-all; }
td.path { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; word-break: break-all; min-width: 16em; }
td.text { min-width: 18em; max-width: 38em; }
tr.class-fatal td { background: var(--fatal-bg); }
tr.class-fatal td:first-child { box-shadow: inset 4px 0 0 var(--fatal); }
tr.lagging td.lag { color: var(--fatal); font-weight: 600; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; line-height: 20px; white-space: nowrap; }
.badge.fatal { background: var(--fatal); color: #fff; }
.badge.retryable { background: var(--retry-bg); color: var(--retry); }
.badge.unknown { background: var(--unknown-bg); color: var(--unknown); }
.badge.success, .badge.ok { background: var(--ok-bg); color: var(--ok); }
.badge.failed { background: var(--fatal); color: #fff; }
.events { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.event { border: 1px solid #fda29b; border-left: 5px solid var(--fatal); border-radius: 8px; padding: 8px 12px; background: var(--fatal-bg); }
.event-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
.event-code { font-weight: 650; color: var(--fatal); }
.event-where { font-size: 12.5px; color: var(--muted); }
.event-meaning { margin-top: 4px; }
.event-remedy { margin-top: 2px; }
.event-meaning .label, .event-remedy .label { font-weight: 600; }
pre.sample { margin: 6px 0 0; padding: 6px 8px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; word-break: break-all; max-height: 9em; overflow: auto; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0; }
.problems { margin: 6px 0; padding: 8px 12px 8px 28px; background: var(--fatal-bg); border: 1px solid #fda29b; border-radius: 6px; color: var(--fatal); }
.knowledge-state { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: baseline; }
.two-col { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 18px; }
footer { margin-top: 28px; font-size: 12.5px; color: var(--muted); }
footer a { color: inherit; }
header.top .links { margin-left: auto; display: flex; gap: 12px; font-size: 13px; }
.cards { grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin-top: 10px; }
.card { padding: 6px 10px; }
.card .value { font-size: 19px; }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; margin: 0 0 6px; font-size: 13px; }
.filters select { font: inherit; padding: 1px 4px; }
table.compact td { padding: 3px 8px; }
table.compact td.mono.clip { max-width: 10em; }
table.compact td.clip { max-width: 13em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.compact td.sample { max-width: 12em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
table.compact tr.code-row { cursor: pointer; }
table.compact tr.code-row:hover td { background: var(--soft); }
table.compact tr.class-fatal:hover td { background: #fde4e1; }
td .read { color: var(--muted); font-style: italic; }
tr.detail td { background: var(--bg); padding: 6px 12px 10px 28px; }
tr.detail ol { margin: 0; padding: 0; list-style: none; display: grid; gap: 4px; }
tr.detail .event-where { font-size: 12px; }
tr.detail pre.sample { max-height: 6em; margin-top: 2px; }
tr.detail .detail-text { margin: 0 0 6px; max-width: 80em; }
button.expand { all: unset; cursor: pointer; width: 1em; display: inline-block; color: var(--muted); }
[hidden] { display: none !important; }
`;
