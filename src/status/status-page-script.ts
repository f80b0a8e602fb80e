// The status page's script, inlined into the page and allowed by its CSP hash. It fetches api/status every
// few seconds and updates the tables in place. Every value from the server is put into the page with
// textContent or setAttribute, never parsed as markup (the page's CSP also forbids HTML sinks outright).
// Plain ES2020 in a string: the browser runs it as is, no build step.

export const STATUS_PAGE_SCRIPT = `
'use strict';
(function () {
  var CLASSES = { fatal: 1, retryable: 1, unknown: 1, success: 1 };
  var state = { data: null, error: null, sort: {}, refreshes: 0, lastOkAt: 0, expanded: {}, filter: { family: '', class: '', source: '' }, focus: null };
  // Links from dashboards and alerts: ?family=..&code=.. (and class, source) preset the filters and open that code.
  (function () {
    var q = new URLSearchParams(window.location.search);
    ['family', 'class', 'source'].forEach(function (k) { if (q.get(k)) state.filter[k] = q.get(k); });
    if (q.get('code')) state.focus = { family: q.get('family') || '', code: q.get('code') };
  })();

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function td(text, className) { return el('td', className, text); }
  function fmtInt(n) { return n === null || n === undefined ? '\\u2014' : Number(n).toLocaleString('en-US'); }
  function fmtBytes(n) {
    if (n === null || n === undefined) return '\\u2014';
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var v = n, i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? String(v) : v.toFixed(v < 10 ? 1 : 0)) + ' ' + units[i];
  }
  function fmtAgo(t, now) {
    if (t === null || t === undefined) return 'never';
    var s = Math.max(0, Math.round((now - t) / 1000));
    if (s < 60) return s + ' s ago';
    var m = Math.round(s / 60);
    if (m < 60) return m + ' min ago';
    var h = Math.round(m / 60);
    return h < 48 ? h + ' h ago' : Math.round(h / 24) + ' d ago';
  }
  function fmtTime(t) { return t === null || t === undefined ? '' : new Date(t).toLocaleString() + ' (' + new Date(t).toISOString() + ')'; }
  function timeCell(t, now) {
    var cell = td(fmtAgo(t, now), 'nowrap');
    if (t !== null && t !== undefined) cell.setAttribute('title', fmtTime(t));
    return cell;
  }
  function badge(cls) {
    var c = CLASSES[cls] ? cls : 'unknown';
    return el('span', 'badge ' + c, cls);
  }
  function labelled(className, label, text) {
    var div = el('div', className);
    div.appendChild(el('span', 'label', label));
    div.appendChild(document.createTextNode(text));
    return div;
  }
  function fileCell(path) {
    var cell = td(path.slice(path.lastIndexOf('/') + 1), 'mono nowrap');
    cell.setAttribute('title', path);
    return cell;
  }
  function cellWith(child, className) { var c = el('td', className); c.appendChild(child); return c; }
  function stamp(t) { return new Date(t).toISOString().slice(0, 19).replace('T', ' ') + 'Z'; }
  // The time the log line carried; without one, when the exporter read it, marked as such.
  function loggedCell(logged, seen, now) {
    var c = el('td', 'nowrap');
    if (logged !== null && logged !== undefined) {
      c.textContent = stamp(logged);
      c.setAttribute('title', 'as the log stamped it; read ' + fmtAgo(seen, now));
    } else {
      c.appendChild(el('span', 'read', 'read ' + fmtAgo(seen, now)));
      c.setAttribute('title', 'the lines carry no time stamp: when the exporter read it, ' + fmtTime(seen));
    }
    return c;
  }
  // First and last time as the log stamped them, the date written once when both fall on the same day.
  function spanCell(r, now) {
    if (r.firstLoggedAt === null || r.lastLoggedAt === null) return loggedCell(null, r.lastSeenAt, now);
    var a = stamp(r.firstLoggedAt), b = stamp(r.lastLoggedAt);
    var text = a === b ? a : a.slice(0, 10) === b.slice(0, 10) ? a.slice(0, 19) + ' \\u2013 ' + b.slice(11) : a + ' \\u2013 ' + b;
    var c = td(text, 'nowrap');
    c.setAttribute('title', 'as the log stamped them; read ' + fmtAgo(r.firstSeenAt, now) + ' \\u2013 ' + fmtAgo(r.lastSeenAt, now));
    return c;
  }
  function clipped(text, className) { var c = td(text, className); c.setAttribute('title', text); return c; }
  function codeKey(r) { return r.family + '\\u0000' + r.code + '\\u0000' + r.class; }
  function latestLine(r, samples) {
    var e = r.recent[0];
    if (!e) return '';
    return samples && e.line !== undefined ? e.line : e.source + ' ' + e.path + ':' + e.lineNo;
  }
  function promGraph(r) {
    var prom = state.data && state.data.links.prometheus;
    if (!prom) return null;
    var expr = 'sum by (instance, source) (increase(errcode_events_total{family="' + r.family + '",code="' + r.code + '"}[5m]))';
    return prom.replace(/\\/+$/, '') + '/graph?g0.expr=' + encodeURIComponent(expr) + '&g0.tab=0&g0.range_input=6h';
  }
  function link(href, text) {
    var a = el('a', '', text);
    a.setAttribute('href', href);
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
    return a;
  }
  function codeDetail(r, now, samples) {
    var box = el('div');
    box.appendChild(labelled('detail-text', 'Meaning: ', r.message || (r.class === 'unknown' ? 'Not in the catalog: add an entry.' : '\\u2014')));
    box.appendChild(labelled('detail-text', 'Remedy: ', r.remedy || '\\u2014'));
    if (r.level) box.appendChild(labelled('detail-text', 'MindCluster level: ', r.level));
    var where = labelled('detail-text', 'Sources: ', r.sources.join(', ') + ' \\u00b7 first read ' + fmtAgo(r.firstSeenAt, now) + ', last read ' + fmtAgo(r.lastSeenAt, now) + ' ');
    var graph = promGraph(r);
    if (graph) where.appendChild(link(graph, 'graph in Prometheus'));
    box.appendChild(where);
    var list = el('ol');
    r.recent.forEach(function (e) {
      var li = el('li');
      var when = e.timestamp !== null ? stamp(e.timestamp) : 'read ' + fmtAgo(e.at, now);
      li.appendChild(el('div', 'event-where', when + ' \\u00b7 ' + e.source + (e.pod !== undefined ? ' pod ' + e.pod : '') + ' ' + e.path + ':' + e.lineNo));
      if (samples && e.line !== undefined) li.appendChild(el('pre', 'sample', e.line + (e.lineTruncated ? ' \\u2026 (cut)' : '')));
      list.appendChild(li);
    });
    box.appendChild(el('div', 'muted', 'Last ' + r.recent.length + ' of ' + fmtInt(r.count) + ' events, newest first:'));
    box.appendChild(list);
    return box;
  }

  // Tables: columns describe header, cell and sort value; sorting survives refreshes.
  var TABLES = {
    codes: {
      empty: 'No codes seen since start.',
      key: codeKey,
      filter: function (r) {
        var f = state.filter;
        return (!f.family || r.family === f.family) && (!f.class || r.class === f.class) && (!f.source || r.sources.indexOf(f.source) >= 0);
      },
      detail: function (r, now, d) { return codeDetail(r, now, d.samples); },
      rowClass: function (r) { return 'code-row class-' + (CLASSES[r.class] ? r.class : 'unknown'); },
      columns: [
        { key: 'class', label: 'Class', cell: function (r) {
          var c = el('td', 'nowrap');
          var b = el('button', 'expand', state.expanded[codeKey(r)] ? '\\u25BE' : '\\u25B8');
          b.type = 'button';
          b.setAttribute('aria-expanded', state.expanded[codeKey(r)] ? 'true' : 'false');
          b.setAttribute('aria-label', 'recent events of ' + r.family + ' ' + r.code);
          c.appendChild(b);
          c.appendChild(badge(r.class));
          return c;
        }, sort: function (r) { return { fatal: 0, unknown: 1, retryable: 2, success: 3 }[r.class]; } },
        { key: 'family', label: 'Family', cell: function (r) { return td(r.family, 'nowrap'); } },
        { key: 'code', label: 'Code', cell: function (r) { return td(r.code, 'mono nowrap'); } },
        { key: 'name', label: 'Name', cell: function (r) { return clipped(r.name || '\\u2014', 'mono clip'); } },
        { key: 'count', label: 'Count', num: true, cell: function (r) { return td(fmtInt(r.count), 'num'); } },
        { key: 'lastLoggedAt', label: 'Logged (first \\u2013 last)', cell: function (r, now) { return spanCell(r, now); }, sort: function (r) { return r.lastLoggedAt !== null ? r.lastLoggedAt : r.lastSeenAt; } },
        { key: 'message', label: 'Meaning', cell: function (r) { return clipped(r.message || (r.class === 'unknown' ? 'Not in the catalog: add an entry.' : '\\u2014'), 'clip'); } },
        { key: 'remedy', label: 'Remedy', cell: function (r) { return clipped(r.remedy || '\\u2014', 'clip'); } },
        { key: 'sample', label: 'Latest line', cell: function (r) { return clipped(latestLine(r, state.data ? state.data.samples : false), 'sample'); }, sort: function (r) { return r.lastSeenAt; } }
      ]
    },
    inputs: {
      empty: 'No inputs are configured.',
      columns: [
        { key: 'name', label: 'Input', cell: function (r) { return td(r.name, 'nowrap'); } },
        { key: 'include', label: 'Watching', cell: function (r) { return td(r.kind === 'stdin' ? 'standard input' : r.include.join(', '), 'path'); }, sort: function (r) { return r.include.join(','); } },
        { key: 'filesOpen', label: 'Files open', num: true, cell: function (r) { return td(fmtInt(r.filesOpen), 'num'); } },
        { key: 'linesRead', label: 'Lines read', num: true, cell: function (r) { return td(fmtInt(r.linesRead), 'num'); } },
        { key: 'bytesRead', label: 'Bytes read', num: true, cell: function (r) { return td(fmtBytes(r.bytesRead), 'num'); } },
        { key: 'bytesBehind', label: 'Lag', num: true, cell: function (r) { return td(fmtBytes(r.bytesBehind), 'num lag'); } },
        { key: 'lastReadAt', label: 'Last read', cell: function (r, now) { return timeCell(r.lastReadAt, now); } },
        { key: 'dropped', label: 'Dropped / altered', cell: function (r) { return td(droppedText(r.dropped), 'nowrap'); }, sort: function (r) { return sumValues(r.dropped); } },
        { key: 'rotations', label: 'Rotations', num: true, cell: function (r) { return td(fmtInt(r.rotations), 'num'); } }
      ]
    },
    files: {
      empty: 'No files are being followed.',
      rowClass: function (r, now) { return r.lag !== null && r.lag > 0 && (r.lag > 1048576 || r.lastReadAt === null || now - r.lastReadAt > 30000) ? 'lagging' : ''; },
      columns: [
        { key: 'source', label: 'Input', cell: function (r) { return td(r.source, 'nowrap'); } },
        { key: 'path', label: 'Path', cell: function (r) { return td(r.path, 'path'); } },
        { key: 'offset', label: 'Offset', num: true, cell: function (r) { return td(fmtInt(r.offset), 'num'); } },
        { key: 'line', label: 'Line', num: true, cell: function (r) { return td(fmtInt(r.line), 'num'); } },
        { key: 'size', label: 'Size', num: true, cell: function (r) { return td(r.size === null ? 'gone' : fmtInt(r.size), 'num'); } },
        { key: 'lag', label: 'Lag', num: true, cell: function (r) { return td(fmtBytes(r.lag), 'num lag'); } },
        { key: 'lastReadAt', label: 'Last read', cell: function (r, now) { return timeCell(r.lastReadAt, now); } },
        { key: 'modifiedAt', label: 'Modified', cell: function (r, now) { return timeCell(r.modifiedAt, now); } }
      ]
    },
    catalogs: {
      empty: 'No catalogs are loaded.',
      columns: [
        { key: 'family', label: 'Family', cell: function (r) { return td(r.family, 'nowrap'); } },
        { key: 'title', label: 'Title', cell: function (r) { return td(r.title); } },
        { key: 'entries', label: 'Entries', num: true, cell: function (r) { return td(fmtInt(r.entries), 'num'); } },
        { key: 'version', label: 'Version', cell: function (r) { return td(r.version, 'mono'); } },
        { key: 'file', label: 'File', cell: function (r) { return fileCell(r.file); } }
      ]
    },
    reloads: {
      empty: 'No reloads since start (SIGHUP, or a changed rules, catalog or config file, reloads).',
      rowClass: function (r) { return r.ok ? '' : 'lagging'; },
      columns: [
        { key: 'at', label: 'When', cell: function (r, now) { return timeCell(r.at, now); } },
        { key: 'kind', label: 'What', cell: function (r) { return td({ config: 'run config', rules: 'rules', catalog: 'catalogs' }[r.kind] || r.kind, 'nowrap'); } },
        { key: 'trigger', label: 'Why', cell: function (r) { return td(r.trigger === 'signal' ? 'SIGHUP' : 'file changed', 'nowrap'); } },
        { key: 'ok', label: 'Result', cell: function (r) { return cellWith(el('span', 'badge ' + (r.ok ? 'ok' : 'failed'), r.ok ? 'applied' : 'failed, previous kept')); } },
        { key: 'details', label: 'Details', cell: function (r) { return td(r.problems.concat(r.notes).join('\\n') + (r.problemsOmitted > 0 ? '\\nand ' + r.problemsOmitted + ' more problems' : ''), 'mono text pre'); }, sort: function (r) { return r.problems.length; } }
      ]
    },
    'rule-files': {
      empty: 'No rule files are loaded.',
      columns: [
        { key: 'family', label: 'Family', cell: function (r) { return td(r.family, 'nowrap'); } },
        { key: 'rules', label: 'Rules', num: true, cell: function (r) { return td(fmtInt(r.rules), 'num'); } },
        { key: 'version', label: 'Version', cell: function (r) { return td(r.version, 'mono'); } },
        { key: 'file', label: 'File', cell: function (r) { return fileCell(r.file); } }
      ]
    }
  };

  function sumValues(o) { var n = 0; for (var k in o) n += o[k]; return n; }
  function droppedText(d) {
    var parts = [];
    for (var k in d) if (d[k] > 0) parts.push(k.replace('_', ' ') + ' ' + fmtInt(d[k]));
    return parts.length ? parts.join(', ') : 'none';
  }

  function buildHeader(id) {
    var spec = TABLES[id];
    var row = el('tr');
    spec.columns.forEach(function (col) {
      var th = el('th', col.num ? 'num' : '');
      th.setAttribute('data-key', col.key);
      var button = el('button', '', col.label);
      button.type = 'button';
      button.setAttribute('title', 'Sort by ' + col.label.toLowerCase());
      button.addEventListener('click', function () {
        var cur = state.sort[id];
        state.sort[id] = { key: col.key, dir: cur && cur.key === col.key && cur.dir === 'ascending' ? 'descending' : 'ascending' };
        if (cur === undefined && col.num) state.sort[id].dir = 'descending';
        render();
      });
      th.appendChild(button);
      row.appendChild(th);
    });
    $(id).querySelector('thead').replaceChildren(row);
  }

  function renderTable(id, rows, now) {
    var spec = TABLES[id];
    var table = $(id);
    if (!table.querySelector('thead tr')) buildHeader(id);
    var sort = state.sort[id];
    var list = spec.filter ? rows.filter(spec.filter) : rows.slice();
    if (sort) {
      var col = spec.columns.filter(function (c) { return c.key === sort.key; })[0];
      var value = col.sort || function (r) { return r[col.key]; };
      var sign = sort.dir === 'ascending' ? 1 : -1;
      list.sort(function (a, b) {
        var x = value(a), y = value(b);
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (x < y ? -1 : 1) * sign;
      });
    }
    table.querySelectorAll('thead th').forEach(function (th) {
      if (sort && th.getAttribute('data-key') === sort.key) th.setAttribute('aria-sort', sort.dir); else th.removeAttribute('aria-sort');
    });
    var trs = [];
    list.forEach(function (r) {
      var tr = el('tr', spec.rowClass ? spec.rowClass(r, now) : '');
      spec.columns.forEach(function (c) { tr.appendChild(c.cell(r, now)); });
      trs.push(tr);
      if (!spec.detail) return;
      var key = spec.key(r);
      tr.setAttribute('data-key', key);
      tr.addEventListener('click', function () {
        if (state.expanded[key]) delete state.expanded[key]; else state.expanded[key] = true;
        render();
      });
      if (state.expanded[key]) {
        var detail = el('tr', 'detail');
        var cell = el('td');
        cell.colSpan = spec.columns.length;
        cell.appendChild(spec.detail(r, now, state.data));
        detail.appendChild(cell);
        trs.push(detail);
      }
    });
    if (trs.length === 0) {
      var cell = td(spec.empty, 'empty');
      cell.colSpan = spec.columns.length;
      var tr = el('tr');
      tr.appendChild(cell);
      trs.push(tr);
    }
    table.querySelector('tbody').replaceChildren.apply(table.querySelector('tbody'), trs);
  }

  function card(label, value, sub, tone) {
    var c = el('div', 'card' + (tone ? ' ' + tone : ''));
    c.appendChild(el('div', 'label', label));
    c.appendChild(el('div', 'value', value));
    if (sub) c.appendChild(el('div', 'sub', sub));
    return c;
  }

  function renderSummary(d) {
    var lines = 0, behind = 0;
    d.inputs.forEach(function (i) { lines += i.linesRead; behind += i.bytesBehind; });
    var k = d.knowledge;
    $('summary').replaceChildren(
      card('Fatal', fmtInt(d.totals.fatal), 'events since start', d.totals.fatal > 0 ? 'bad' : 'good'),
      card('Retryable', fmtInt(d.totals.retryable), 'events since start'),
      card('Unknown codes', fmtInt(d.totals.unknown), 'events not in the catalog', d.totals.unknown > 0 ? 'bad' : ''),
      card('Lines read', fmtInt(lines), d.inputs.length + ' input' + (d.inputs.length === 1 ? '' : 's')),
      card('Lag', fmtBytes(behind), 'written, not read yet', behind > 1048576 ? 'bad' : ''),
      card('Rules & catalogs', k.lastLoad.ok ? 'loaded' : 'reload failed', 'version ' + k.version, k.lastLoad.ok ? 'good' : 'bad')
    );
  }

  function fillSelect(id, values, current) {
    var select = $(id);
    var options = [el('option', '', 'all')];
    options[0].value = '';
    values.forEach(function (v) { var o = el('option', '', v); o.value = v; options.push(o); });
    if (current && values.indexOf(current) < 0) { var o = el('option', '', current); o.value = current; options.push(o); }
    select.replaceChildren.apply(select, options);
    select.value = current;
  }
  function uniq(list) { var seen = {}; return list.filter(function (v) { if (seen[v]) return false; seen[v] = true; return true; }).sort(); }
  function renderFilters(d) {
    fillSelect('filter-family', uniq(d.codes.map(function (c) { return c.family; })), state.filter.family);
    fillSelect('filter-class', uniq(d.codes.map(function (c) { return c.class; })), state.filter.class);
    var sources = d.inputs.map(function (i) { return i.name; });
    d.codes.forEach(function (c) { sources = sources.concat(c.sources); });
    fillSelect('filter-source', uniq(sources), state.filter.source);
  }
  ['family', 'class', 'source'].forEach(function (k) {
    $('filter-' + k).addEventListener('change', function (e) { state.filter[k] = e.target.value; render(); });
  });

  function renderLinks(d) {
    var nav = $('links');
    var items = [];
    if (d.links.grafana) items.push(link(d.links.grafana, 'Grafana dashboard'));
    if (d.links.prometheus) items.push(link(d.links.prometheus, 'Prometheus'));
    nav.replaceChildren.apply(nav, items);
    nav.hidden = items.length === 0;
  }

  function renderKnowledge(d, now) {
    var k = d.knowledge;
    var s = $('knowledge-state');
    var when = el('span', 'muted', 'in use since ' + fmtAgo(k.loadedAt, now) + '; reloads: ' + k.reloads.succeeded + ' ok, ' + k.reloads.failed + ' failed');
    when.setAttribute('title', fmtTime(k.loadedAt));
    s.replaceChildren(
      el('span', 'badge ' + (k.lastLoad.ok ? 'ok' : 'failed'), k.lastLoad.ok ? 'loaded' : 'last reload failed ' + fmtAgo(k.lastLoad.at, now) + '; previous version still in use'),
      el('span', 'mono', 'version ' + k.version + ' (rules ' + k.rulesVersion + ')'),
      when
    );
    var problems = k.lastLoad.problems.map(function (p) { return el('li', 'mono', p); });
    if (k.lastLoad.problemsOmitted > 0) problems.push(el('li', '', 'and ' + k.lastLoad.problemsOmitted + ' more'));
    $('load-problems').replaceChildren.apply($('load-problems'), problems);
    $('load-problems').hidden = problems.length === 0;
    var restart = $('restart-required');
    restart.hidden = k.restartRequired.length === 0;
    restart.textContent = k.restartRequired.length === 0 ? '' : 'Changed in the config file, applied only after a restart: ' + k.restartRequired.join(', ');
    renderTable('reloads', k.history, now);
    renderTable('catalogs', k.catalogs, now);
    renderTable('rule-files', k.ruleFiles, now);
  }

  function renderTop(d) {
    $('version').textContent = d.version;
    var updated = $('updated');
    updated.textContent = 'started ' + fmtAgo(d.startedAt, d.generatedAt) + ' \\u00b7 updated ' + new Date(state.lastOkAt).toLocaleTimeString() + ' \\u00b7 refreshes every ' + Math.round(d.refreshMs / 1000) + ' s';
    var banner = $('banner');
    banner.hidden = state.error === null;
    banner.textContent = state.error === null ? '' : 'Cannot reach the exporter (' + state.error + '); retrying. The figures below are from ' + new Date(state.lastOkAt).toLocaleTimeString() + '.';
  }

  function render() {
    var d = state.data;
    if (d === null) {
      $('banner').hidden = state.error === null;
      $('banner').textContent = state.error === null ? '' : 'Cannot reach the exporter (' + state.error + '); retrying.';
      return;
    }
    var now = d.generatedAt;
    renderTop(d);
    renderSummary(d);
    renderLinks(d);
    renderFilters(d);
    if (state.focus !== null) {
      var focus = state.focus;
      d.codes.forEach(function (c) { if (c.code === focus.code && (!focus.family || c.family === focus.family)) { state.expanded[codeKey(c)] = true; state.focus = null; } });
    }
    $('samples-off').hidden = d.samples;
    renderTable('codes', d.codes, now);
    var shown = $('codes').querySelectorAll('tbody tr.code-row').length;
    $('codes-count').textContent = shown === d.codes.length ? '(' + d.codes.length + ')' : '(' + shown + ' of ' + d.codes.length + ' shown)';
    $('codes-omitted').textContent = d.codesOmitted > 0 ? fmtInt(d.codesOmitted) + ' events of further codes are counted in /metrics only.' : '';
    renderTable('inputs', d.inputs, now);
    renderTable('files', d.files, now);
    $('files-omitted').textContent = d.filesOmitted > 0 ? 'and ' + fmtInt(d.filesOmitted) + ' more files' : '';
    var cp = d.checkpoint;
    $('checkpoint').textContent = cp.lastAt === null ? 'Positions are not saved (no --positions file), or not yet.' : 'Positions last saved ' + fmtAgo(cp.lastAt, now) + (cp.lastOk ? '' : ' (that write failed)') + (cp.failures > 0 ? '; ' + cp.failures + ' failed writes since start.' : '.');
    renderKnowledge(d, now);
    document.documentElement.setAttribute('data-refreshes', String(state.refreshes));
  }

  function refresh() {
    var controller = new AbortController();
    var timeout = setTimeout(function () { controller.abort(); }, 10000);
    var delay = 3000;
    fetch('api/status', { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' }, signal: controller.signal })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (data) {
        state.data = data;
        state.error = null;
        state.lastOkAt = Date.now();
        state.refreshes++;
        if (data.refreshMs >= 500) delay = data.refreshMs;
      })
      .catch(function (err) {
        state.error = err && err.name === 'AbortError' ? 'no answer within 10 s' : String(err && err.message ? err.message : err);
      })
      .then(function () {
        clearTimeout(timeout);
        try {
          render();
        } catch (err) {
          state.error = 'the page failed to show the data: ' + (err && err.message ? err.message : String(err));
          $('banner').hidden = false;
          $('banner').textContent = state.error;
        }
        setTimeout(refresh, delay);
      });
  }

  refresh();
})();
`;
