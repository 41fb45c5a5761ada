// streamcast report: the backtest's panels on the dashboard's page in static mode (report.html), drawn from the
// embedded data's "report" and each key's "scores" after app.js. Plain JavaScript, no build step; data only ever go
// into the page through textContent, attributes set one by one, or uPlot (canvas): never innerHTML.
'use strict';
(function () {
  const api = window.streamcastDashboard;
  const data = api && api.staticData();
  if (!data || !data.report) return;
  const R = data.report;
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd'];
  const num = (v) => v === null || v === undefined || !isFinite(v) ? '–'
    : Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toPrecision(4) : v.toFixed(4);
  const pct = (v) => v === null || v === undefined || !isFinite(v) ? '–' : (100 * v).toFixed(1) + '%';
  const byKey = new Map(data.keys.map((k) => [k.key, k]));

  // A table of rows of cells; a cell is a string, or {text, best}.
  function table(head, rows) {
    const t = el('table', 'report-table');
    const h = el('tr');
    for (const c of head) h.append(el('th', null, c));
    t.append(h);
    for (const r of rows) {
      const tr = el('tr');
      for (const c of r) tr.append(typeof c === 'object' ? el('td', c.best ? 'best' : null, c.text) : el('td', null, c));
      t.append(tr);
    }
    return t;
  }
  // Per method MASE, sMAPE %, MAE, RMSE; bold: the lowest of each column.
  function methodTable(cols) {
    const best = cols.map((c) => Math.min(...c.filter((v) => v !== null && isFinite(v))));
    return table(['method', 'MASE', 'sMAPE %', 'MAE', 'RMSE'], R.methods.map((m, j) =>
      [m].concat(cols.map((c, i) => ({text: num(c[j]), best: c[j] !== null && c[j] === best[i]})))));
  }
  // Per level: rows, coverage, width and Winkler score of the model and the calibrated naive.
  function intervalTable(levels) {
    return table(['level', 'rows', 'coverage model', 'coverage naive', 'width model', 'width naive',
      'Winkler model', 'Winkler naive'], levels.map((l) => [pct(l.level), String(l.count),
      pct(l.coverage[0]), pct(l.coverage[1]), num(l.width[0]), num(l.width[1]), num(l.winkler[0]),
      num(l.winkler[1])]));
  }
  const overallLevel = (l) => ({level: l.level, count: l.count,
    coverage: [l.model.coverage, l.naive.coverage], width: [l.model.width, l.naive.width],
    winkler: [l.model.winkler, l.naive.winkler]});
  function panel(title, ...children) {
    const p = el('div', 'panel');
    p.append(el('h3', null, title), ...children);
    return p;
  }

  // A colour key: one coloured name per series.
  function colourKey(names) {
    const k = el('div', 'colour-key');
    names.forEach((n, i) => { const s = el('span', null, '● ' + n); s.style.color = COLORS[i % COLORS.length]; k.append(s); });
    return k;
  }

  // ---- the report's head and summary panels, above the selected key's chart ---------------------------------------
  document.title = 'Backtest: ' + R.title;
  const box = el('section');
  box.id = 'report';
  box.append(el('h1', null, 'Backtest: ' + R.title), el('p', 'dim', R.settings + ' · bad input rows: ' + R.bad_rows
    + ' (listed in summary.json)'));
  const panels = el('div', 'panels');
  box.append(panels);
  const o = R.overall;
  const cols = ['mase', 'smape', 'mae', 'rmse'].map((f) => R.methods.map((m) => o[m][f]));
  const overall = panel('Overall: ' + o.count + ' scored points', methodTable(cols));
  overall.id = 'report-overall';
  panels.append(overall);
  const hasBands = o.intervals && o.intervals.length > 0;
  if (hasBands) {
    const p = panel('Prediction intervals (mean over keys)', intervalTable(o.intervals.map(overallLevel)));
    p.id = 'report-intervals';
    panels.append(p);
  }
  if (R.horizons.length > 1) horizonPanels(R.horizons);
  if (hasBands) panels.append(coveragePanel(o.intervals));
  const about = el('details', 'about');
  about.append(el('summary', null, 'About these figures'),
    el('p', null, 'MAE, RMSE and sMAPE are pooled over all scored points; MASE is the mean over keys of MAE / the '
      + 'in-sample one-step naive MAE of the key\'s training part. Bold: the best of each column.'),
    el('p', null, 'Intervals: coverage is the fraction of actuals inside the band; width and Winkler score (width + '
      + '2/α × the miss distance) are divided by the key\'s MASE scale; naive is the same calibration applied to the '
      + 'naive forecast\'s errors; rows where both have a band.'),
    el('p', null, 'Error by horizon: the h-step forecast of each row is made h rows before it; MASE at every h is '
      + 'divided by the same one-step in-sample naive MAE, so it grows with h.'),
    el('p', null, data.keys.length + ' keys, every one in the list with its scores. The rows of ' + R.charted.keys
      + ' keys are embedded for their charts: the ' + R.charted.worst_ratio + ' with the highest model MAE / naive '
      + 'MAE, the ' + R.charted.worst_coverage + ' whose coverage is furthest from its level, and the first '
      + R.charted.first + ' by name, their last ' + R.charted.max_points + ' rows each. Every row of every key is in '
      + 'forecasts.csv.'));
  box.append(about);
  $('detail').prepend(box);

  function coveragePanel(levels) {
    const plot = el('div', 'report-plot');
    plot.id = 'report-coverage';
    const readout = el('div', 'dim readout', 'point at a dot: its key; click: open it');
    const p = panel('Coverage by key (dots; dashed: the levels)', plot, readout,
      colourKey(levels.map((l) => pct(l.level))));
    const keys = data.keys.filter((k) => k.intervals && k.intervals.length)
      .sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const xs = keys.map((_, i) => i);
    const series = [{}];
    const d = [xs];
    let low = 1;
    levels.forEach((lv, l) => {
      const c = COLORS[l % COLORS.length];
      const ys = keys.map((k) => k.intervals[l] ? k.intervals[l].coverage[0] : null);
      for (const y of ys) if (y !== null) low = Math.min(low, y);
      series.push({stroke: c, paths: () => null, points: {show: true, size: 5, fill: c}});
      series.push({stroke: c, width: 1, dash: [4, 3], points: {show: false}});
      d.push(ys, xs.map(() => lv.level));
    });
    plot.dataset.keys = String(keys.length);
    plot.dataset.levels = String(levels.length);
    requestAnimationFrame(() => {
      const u = new uPlot({width: 320, height: 150, legend: {show: false},
        scales: {x: {time: false}, y: {range: [Math.floor(low * 10) / 10, 1]}},
        cursor: {drag: {x: false, y: false}}, series,
        axes: [{values: (_, splits) => splits.map(() => ''), size: 10},
          {size: 50, values: (_, splits) => splits.map((v) => (100 * v).toFixed(0) + "%")}],
        hooks: {setCursor: [(u) => {
          const i = u.cursor.idx;
          if (i === null || i === undefined || !keys[i]) return;
          readout.textContent = keys[i].key + ': ' + keys[i].intervals.map((c) => pct(c.coverage[0])).join(', ');
        }]}}, d, plot);
      u.over.addEventListener('click', () => {
        const i = u.cursor.idx;
        if (i !== null && i !== undefined && keys[i]) api.select(keys[i].key);
      });
    });
    p.id = 'report-coverage-panel';
    return p;
  }

  function horizonPanels(hs) {
    const t = panel('Error by horizon: MASE', table(['h', 'count'].concat(R.methods),
      hs.map((s) => [String(s.h), String(s.count)].concat(R.methods.map((m) => num(s[m].mase))))));
    t.id = 'report-horizons';
    const plot = el('div', 'report-plot');
    plot.id = 'report-horizon-plot';
    plot.dataset.horizons = String(hs.length);
    panels.append(t, panel('MASE against the horizon h', plot, colourKey(R.methods)));
    const d = [hs.map((s) => s.h)].concat(R.methods.map((m) => hs.map((s) => s[m].mase)));
    requestAnimationFrame(() => new uPlot({width: 320, height: 150, legend: {show: false},
      scales: {x: {time: false}},
      series: [{}].concat(R.methods.map((m, j) => ({stroke: COLORS[j % COLORS.length], width: 1.5,
        points: {show: true, size: 4}}))),
      axes: [{size: 24, incrs: [1, 2, 4, 8, 16, 32, 64], values: (_, splits) => splits.map(String)},
        {size: 42}]}, d, plot));
  }

  // ---- the selected key's tables, under its chart ------------------------------------------------------------------
  const keyBox = el('div');
  keyBox.id = 'key-report';
  $('facts').after(keyBox);
  function showKey(key) {
    const s = byKey.get(key);
    keyBox.replaceChildren();
    if (!s || !s.scores) return;
    const sc = s.scores;
    keyBox.append(panel('Scores of this key: ' + sc.count + ' scored rows; seasonal naive period ' + sc.season,
      methodTable([sc.mase, sc.smape, sc.mae, sc.rmse])));
    if (s.intervals && s.intervals.length) keyBox.append(panel('Its prediction intervals', intervalTable(s.intervals)));
  }
  document.addEventListener('streamcast:select', (e) => showKey(e.detail));
  if (api.selected() !== null) showKey(api.selected());
})();
