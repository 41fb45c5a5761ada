// streamcast dashboard: plain JavaScript, no build step. Data from the server is only ever put into the page with
// textContent, attributes set one by one, or canvas text: never innerHTML (a key is hostile text).
'use strict';
(function () {
  const ROW = 24;              // px per key row; the list renders only the rows in view
  // static mode (the backtest's report.html): the data are embedded as JSON, read as text, no server
  const STATIC = (() => {
    const e = document.getElementById('streamcast-data');
    return e ? JSON.parse(e.textContent) : null;
  })();
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // ---- state ------------------------------------------------------------------------------------------------------
  const state = {
    keys: [],              // summaries from /api/keys
    view: [],              // filtered and sorted
    selected: null,
    pinned: [],
    range: null,           // [from, to] epoch ms when zoomed, null = follow
    series: new Map(),     // key -> {points: [...], summary}
    epoch: null, lastId: null,  // the event id the stream resumes after (null: none yet)
    source: null, connected: false,
  };
  const params = new URLSearchParams(location.search);
  state.selected = params.get('key');
  state.pinned = params.getAll('pin');
  if (params.get('from') && params.get('to')) state.range = [Number(params.get('from')), Number(params.get('to'))];
  $('search').value = params.get('q') || '';
  $('sort').value = params.get('sort') || 'name';

  function saveUrl() {
    const p = new URLSearchParams();
    if (state.selected !== null) p.set('key', state.selected);
    for (const k of state.pinned) p.append('pin', k);
    if (state.range) { p.set('from', Math.round(state.range[0])); p.set('to', Math.round(state.range[1])); }
    if ($('search').value) p.set('q', $('search').value);
    if ($('sort').value !== 'name') p.set('sort', $('sort').value);
    history.replaceState(null, '', '?' + p.toString());
  }

  const fmt = (x, d) => (x === null || x === undefined || !isFinite(x)) ? '-' :
    Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(d || 4);
  const ratio = (s) => (s.mae_model !== null && s.mae_naive) ? s.mae_model / s.mae_naive : null;
  const ago = (ms) => { const s = Math.max(0, (Date.now() - ms) / 1000);
    return s < 60 ? s.toFixed(0) + ' s ago' : s < 3600 ? (s / 60).toFixed(0) + ' min ago' : (s / 3600).toFixed(1) + ' h ago'; };

  // ---- header -----------------------------------------------------------------------------------------------------
  let lastTotals = null;
  function showTotals(t) {
    lastTotals = t;
    $('ops').textContent = fmt(t.observations_per_second, 3);
    $('ops-stat').title = t.observations === undefined ? 'observations per second: not known here'
      : t.observations + ' records on the observations topic (from its end offsets, read once a second)';
    $('fps').textContent = fmt(t.forecasts_per_second, 3);
    $('dlps').textContent = fmt(t.dead_letters_per_second, 3);
    $('version').textContent = t.model_version ? 'v' + t.model_version : '-';
    $('version-age').textContent = t.model_seen_at ? '(since ' + ago(t.model_seen_at) + ')' : '';
    $('published').textContent = t.published_version ? 'latest published v' + t.published_version : '';
    $('nkeys').textContent = String(t.keys) + (t.dropped_keys ? ' (' + t.dropped_keys + ' dropped)' : '');
    const dl = $('dead-letters');
    dl.replaceChildren();
    const reasons = Object.entries(t.dead_letters_by_reason || {});
    dl.append(el('span', null, 'dead letters ' + t.dead_letters + (reasons.length ? ': ' : '')));
    reasons.forEach(([r, n], i) => dl.append(el('span', 'reason', (i ? ', ' : '') + r + ' ' + n)));
    $('unreadable').textContent = t.unreadable ? t.unreadable + ' unreadable forecast records' : '';
  }
  function setConn(on, text) {
    const c = $('conn');
    c.className = 'conn ' + (on === true ? 'on' : on === false ? 'off' : 'wait');
    c.textContent = text;
    document.body.dataset.connection = text;
  }

  // ---- key list (virtualised) -------------------------------------------------------------------------------------
  function applyView() {
    const q = $('search').value.toLowerCase();
    const sort = $('sort').value;
    let v = q ? state.keys.filter((s) => s.key.toLowerCase().includes(q)) : state.keys.slice();
    if (sort === 'name') v.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    else if (sort === 'updated') v.sort((a, b) => b.updated_at - a.updated_at);
    else v.sort((a, b) => (ratio(b) ?? -1) - (ratio(a) ?? -1));
    state.view = v;
    $('key-count').textContent = v.length + ' of ' + state.keys.length + ' keys';
    $('key-spacer').style.height = (v.length * ROW) + 'px';
    renderRows();
  }
  function renderRows() {
    const vp = $('key-viewport');
    const first = Math.max(0, Math.floor(vp.scrollTop / ROW) - 5);
    const last = Math.min(state.view.length, first + Math.ceil(vp.clientHeight / ROW) + 10);
    const rows = $('key-rows');
    rows.style.top = (first * ROW) + 'px';
    const nodes = [];
    for (let i = first; i < last; i++) {
      const s = state.view[i];
      const r = el('div', 'row' + (s.key === state.selected ? ' sel' : ''));
      r.dataset.index = String(i);
      const name = el('span', 'name', s.key);
      name.title = s.key;
      r.append(name);
      if (state.pinned.includes(s.key)) r.append(el('span', 'pinned', '★'));
      const q = ratio(s);
      r.append(el('span', 'ratio' + (q === null ? '' : q > 1 ? ' bad' : ' good'), q === null ? '' : q.toFixed(2)));
      nodes.push(r);
    }
    rows.replaceChildren(...nodes);
  }
  $('key-viewport').addEventListener('scroll', () => requestAnimationFrame(renderRows));
  $('key-rows').addEventListener('click', (e) => {
    const r = e.target.closest('.row');
    if (r) select(state.view[Number(r.dataset.index)].key);
  });
  $('search').addEventListener('input', () => { applyView(); saveUrl(); });
  $('sort').addEventListener('change', () => { applyView(); saveUrl(); });

  async function loadKeys() {
    if (STATIC) {
      state.keys = STATIC.keys;
      showTotals(STATIC.totals);
      $('window').textContent = STATIC.window_label || '';
      applyView();
      return;
    }
    try {
      const r = await fetch('api/keys', {cache: 'no-store'});
      const j = await r.json();
      state.keys = j.keys;
      $('window').textContent = String(j.window);
      showTotals(j.totals);
      applyView();
      if (state.selected === null && state.keys.length) select(state.view[0].key);
      refreshMultiples();
      const s = state.keys.find((k) => k.key === state.selected);
      if (s) showFacts(s);
    } catch (e) { /* the event stream shows the connection state */ }
  }

  // ---- series data ------------------------------------------------------------------------------------------------
  async function loadSeries(key) {
    if (STATIC) {
      const s = STATIC.series[key];
      const pts = s ? staticPoints(s) : [];
      state.series.set(key, {points: pts, summary: s ? s.summary : null, path: latestPath(pts)});
      return;
    }
    const r = await fetch('api/series/' + encodeURIComponent(key), {cache: 'no-store'});
    if (!r.ok) { state.series.set(key, {points: [], summary: null}); return; }
    const j = await r.json();
    state.series.set(key, {points: j.points, summary: j.summary, path: latestPath(j.points)});
    state.epoch = j.epoch;
    // Resume after the OLDEST of the loads: a series loaded earlier misses the points stored before a later load,
    // which the stream's catch-up then sends (the ones already held are dropped by appendPoint).
    state.lastId = state.lastId === null ? j.last_id : Math.min(state.lastId, j.last_id);
    state.history = j.history;
  }
  // The key's latest multi-step path (the newest point's "path", field names as in the forecast records), kept
  // apart from the points with the actual it starts from: {ts, actual, steps: [{h, target_ts, value, intervals}]}.
  function takePath(p) {
    const path = p.path && p.path.length ? {ts: p.ts, actual: p.actual, steps: p.path} : null;
    delete p.path;
    return path;
  }
  function latestPath(points) {
    let path = null;
    for (const p of points) path = takePath(p) || path;
    const last = points.length ? points[points.length - 1] : null;
    return path && last && path.ts === last.ts ? path : null;
  }
  // Static series are columns, one entry per row: its actual, the forecast OF that row (made at the row before) and
  // its bounds per level. As points: row i's actual at ts[i], and the forecast made there at ts[i + 1] (the last
  // row's next row is not in the data: its forecast is null, one step after it).
  function staticPoints(s) {
    const pts = [];
    const n = s.ts.length;
    for (let i = 0; i < n; i++) {
      const j = Math.min(i + 1, n - 1), next = j > i;
      const bounded = next && s.levels.length > 0 && s.lower[0][j] !== null;
      pts.push({ts: s.ts[i], target_ts: next ? s.ts[j] : s.ts[i] + (n > 1 ? s.ts[i] - s.ts[i - 1] : 1),
        actual: s.actual[i], forecast: next ? s.forecast[j] : null, model_version: s.model_version[j],
        warm: true, seq: i + 1, id: i + 1,
        intervals: bounded ? s.levels.map((level, l) => ({level, lower: s.lower[l][j], upper: s.upper[l][j]})) : null});
    }
    return pts;
  }
  function appendPoint(p) {
    const s = state.series.get(p.key);
    if (!s) return false;
    const pts = s.points;
    if (pts.length && pts[pts.length - 1].id >= p.id) return false;  // already held
    delete p.key;
    const path = takePath(p);
    if (!pts.length || pts[pts.length - 1].ts < p.ts) { pts.push(p); s.path = path; }
    else {  // late: by time (its path, if any, is stale)
      let i = pts.length;
      while (i > 0 && pts[i - 1].ts > p.ts) i--;
      if (i > 0 && pts[i - 1].ts === p.ts) return false;
      pts.splice(i, 0, p);
    }
    if (pts.length > (state.history || 2000)) pts.shift();
    return true;
  }

  // Chart data: x = every ts and target_ts; actual at ts, forecast and bounds at target_ts; the latest path from
  // the actual it starts from (its ts) through each step's value at its target_ts, and the widest level's bounds
  // per step (a fan from the actual). Alignment holes are undefined (uPlot joins over them); a real gap (more than
  // 2.5 typical intervals without a point) gets a null point, which uPlot draws as a break. Columns: 0 x, 1 actual,
  // 2 forecast, 3 upper, 4 lower, 5 path, 6 path upper, 7 path lower.
  const COLUMNS = 8;
  function chartData(points, path) {
    const xs = new Map();  // x -> row
    const row = (x) => { let r = xs.get(x); if (!r) { r = {x}; xs.set(x, r); } return r; };
    let levels = 0;
    for (const p of points) {
      row(p.ts).actual = p.actual;
      const f = row(p.target_ts);
      f.forecast = p.forecast;
      if (p.intervals && p.intervals.length) {
        const i = p.intervals[p.intervals.length - 1];  // the widest level
        f.lower = i.lower; f.upper = i.upper; f.level = i.level;
        if (p.intervals.length > 0) levels = Math.max(levels, 1);
      }
    }
    let pathBands = false;
    if (path) {
      const a = row(path.ts);
      a.path = path.actual; a.pupper = path.actual; a.plower = path.actual;
      for (const st of path.steps) {
        const r = row(st.target_ts);
        r.path = st.value;
        if (st.intervals && st.intervals.length) {
          const i = st.intervals[st.intervals.length - 1];  // the widest level, as the one-step band
          r.pupper = i.upper; r.plower = i.lower;
          pathBands = true;
        }
      }
    }
    const rows = [...xs.values()].sort((a, b) => a.x - b.x);
    const d = [];
    for (let i = 1; i < points.length; i++) d.push(points[i].ts - points[i - 1].ts);
    d.sort((a, b) => a - b);
    const typical = d.length ? d[d.length >> 1] : 0;
    const out = [];
    for (let k = 0; k < COLUMNS; k++) out.push([]);
    const cols = ['actual', 'forecast', 'upper', 'lower', 'path', 'pupper', 'plower'];
    let prev = null;
    for (const r of rows) {
      if (prev !== null && typical > 0 && r.x - prev > 2.5 * typical) {
        out[0].push((prev + r.x) / 2 / 1000);
        for (let k = 1; k < COLUMNS; k++) out[k].push(null);
      }
      out[0].push(r.x / 1000);
      for (let k = 1; k < COLUMNS; k++) out[k].push(r[cols[k - 1]]);
      prev = r.x;
    }
    return {data: out, bands: levels > 0, pathBands};
  }
  function markers(points) {
    const m = [];
    for (let i = 0; i < points.length; i++) {
      if (i > 0 && points[i].model_version !== points[i - 1].model_version) {
        m.push({ts: points[i].ts, version: points[i].model_version});
      }
    }
    return m;
  }

  // ---- main chart -------------------------------------------------------------------------------------------------
  let chart = null;
  let chartMarkers = [];
  function markerPlugin() {
    return {hooks: {draw: [(u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = '#805ad5'; ctx.fillStyle = '#805ad5';
      ctx.setLineDash([4, 3]); ctx.lineWidth = devicePixelRatio;
      ctx.font = (11 * devicePixelRatio) + 'px system-ui';
      for (const m of chartMarkers) {
        const x = Math.round(u.valToPos(m.ts / 1000, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
        ctx.fillText('v' + m.version, x + 3 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
      }
      ctx.restore();
    }]}};
  }
  function wheelPanPlugin() {
    return {hooks: {ready: [(u) => {
      const over = u.over;
      over.addEventListener('wheel', (e) => {
        e.preventDefault();
        const {min, max} = u.scales.x;
        const at = u.posToVal(e.offsetX, 'x');
        const k = e.deltaY < 0 ? 0.8 : 1.25;
        setRange([(at - (at - min) * k) * 1000, (at + (max - at) * k) * 1000]);
      }, {passive: false});
      let drag = null;
      over.addEventListener('mousedown', (e) => {
        if (!e.shiftKey) return;
        drag = {x: e.clientX, min: u.scales.x.min, max: u.scales.x.max};
        e.stopPropagation();
      }, true);
      window.addEventListener('mousemove', (e) => {
        if (!drag) return;
        const dx = (e.clientX - drag.x) / u.bbox.width * devicePixelRatio * (drag.max - drag.min);
        setRange([(drag.min - dx) * 1000, (drag.max - dx) * 1000]);
      });
      window.addEventListener('mouseup', () => { drag = null; });
    }]}};
  }
  function setRange(r) {
    state.range = r;
    if (chart && r) chart.setScale('x', {min: r[0] / 1000, max: r[1] / 1000});
    saveUrl();
  }
  function drawChart() {
    const key = state.selected;
    const s = key === null ? null : state.series.get(key);
    const box = $('chart');
    if (!s) { box.replaceChildren(); chart = null; return; }
    const {data, bands, pathBands} = chartData(s.points, s.path);
    chartMarkers = markers(s.points);
    const width = Math.max(300, box.clientWidth || 800);
    if (!chart || chart.bandsOn !== bands || chart.pathBandsOn !== pathBands) {
      if (chart) chart.destroy();
      const opts = {
        width, height: 360,
        cursor: {drag: {x: true, y: false}},
        scales: {x: {time: true}},
        series: [
          {},
          {label: 'actual', stroke: '#2b6cb0', width: 1.5, spanGaps: false, points: {show: false}},
          {label: 'forecast', stroke: '#dd6b20', width: 1.5, dash: [5, 3], spanGaps: false, points: {show: false}},
          {label: 'upper', stroke: 'rgba(221,107,32,0.35)', width: 1, spanGaps: false, show: bands, points: {show: false}},
          {label: 'lower', stroke: 'rgba(221,107,32,0.35)', width: 1, spanGaps: false, show: bands, points: {show: false}},
          {label: 'path', stroke: '#2f855a', width: 2, spanGaps: false, points: {show: true, size: 4}},
          {label: 'path upper', stroke: 'rgba(47,133,90,0.35)', width: 1, spanGaps: false, show: pathBands,
            points: {show: false}},
          {label: 'path lower', stroke: 'rgba(47,133,90,0.35)', width: 1, spanGaps: false, show: pathBands,
            points: {show: false}},
        ],
        bands: (bands ? [{series: [3, 4], fill: 'rgba(221,107,32,0.15)'}] : [])
          .concat(pathBands ? [{series: [6, 7], fill: 'rgba(47,133,90,0.15)'}] : []),
        plugins: [markerPlugin(), wheelPanPlugin()],
        hooks: {setSelect: [(u) => {
          if (u.select.width > 2) {
            setRange([u.posToVal(u.select.left, 'x') * 1000, u.posToVal(u.select.left + u.select.width, 'x') * 1000]);
            u.setSelect({left: 0, width: 0}, false);
          }
        }]},
      };
      chart = new uPlot(opts, data, box);
      chart.bandsOn = bands;
      chart.pathBandsOn = pathBands;
    } else {
      chart.setData(data, !state.range);
    }
    if (state.range) chart.setScale('x', {min: state.range[0] / 1000, max: state.range[1] / 1000});
    box.dataset.points = String(s.points.length);
    box.dataset.markers = String(chartMarkers.length);
    box.dataset.bands = String(bands);
    box.dataset.path = String(s.path ? s.path.steps.length : 0);
    // legend rows only for what is drawn: 3-4 the band, 5 the path, 6-7 its band (0 is the time)
    const drawn = [true, true, true, bands, bands, !!s.path, pathBands, pathBands];
    chart.root.querySelectorAll('.u-legend .u-series').forEach((el, i) => {
      el.style.display = drawn[i] === false ? 'none' : '';
    });
  }
  let drawPending = false;
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => { drawPending = false; drawChart(); drawMultiples(); });
  }
  $('live').addEventListener('click', () => { state.range = null; saveUrl(); drawChart(); });
  const pan = (dir) => {
    if (!chart) return;
    const {min, max} = chart.scales.x;
    const d = (max - min) * 0.25 * dir;
    setRange([(min + d) * 1000, (max + d) * 1000]);
  };
  $('pan-left').addEventListener('click', () => pan(-1));
  $('pan-right').addEventListener('click', () => pan(1));
  document.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'INPUT') return;
    if (e.key === 'ArrowLeft') pan(-1);
    if (e.key === 'ArrowRight') pan(1);
  });
  window.addEventListener('resize', () => { if (chart) chart.setSize({width: $('chart').clientWidth, height: 360}); });

  // ---- facts next to the chart ------------------------------------------------------------------------------------
  function showFacts(s) {
    if (!s) return;
    $('mae-model').textContent = fmt(s.mae_model);
    $('mae-naive').textContent = fmt(s.mae_naive);
    const q = ratio(s);
    $('mae-ratio').textContent = q === null ? '-' : q.toFixed(3);
    const cov = (s.coverage || []).filter((c) => c.of > 0)
      .map((c) => Math.round(c.level * 100) + '%: ' + (100 * c.covered / c.of).toFixed(0) + '% of ' + c.of);
    $('coverage').textContent = cov.length ? cov.join(' · ') : 'no bands';
    $('warm').textContent = s.points ? (s.warm ? 'warm' : 'warming up') : '-';
    $('points').textContent = String(s.points);
    $('dups').textContent = String(s.duplicates);
    const dl = Object.entries(s.dead_letters || {}).map(([r, n]) => r + ' ' + n);
    $('key-dead-letters').textContent = dl.length ? dl.join(', ') : 'none';
  }

  // ---- small multiples: pinned keys, else the worst recent error relative to naive ---------------------------------
  let multipleCharts = new Map();
  function multipleKeys() {
    if (state.pinned.length) return state.pinned.slice(0, 12);
    return state.keys.filter((s) => ratio(s) !== null && s.key !== state.selected)
      .sort((a, b) => ratio(b) - ratio(a)).slice(0, 6).map((s) => s.key);
  }
  async function refreshMultiples() {
    const keys = multipleKeys();
    $('multiples-title').textContent = state.pinned.length ? 'pinned keys' : 'worst keys (model MAE / naive MAE)';
    const same = keys.length === multipleCharts.size && keys.every((k) => multipleCharts.has(k));
    if (!same) {
      for (const k of keys) if (!state.series.has(k)) await loadSeries(k);
      for (const c of multipleCharts.values()) c.chart.destroy();
      multipleCharts = new Map();
      const box = $('multiples');
      box.replaceChildren();
      for (const k of keys) {
        const cell = el('div', 'multiple');
        const t = el('div', 'mtitle', k);
        t.title = k;
        cell.append(t);
        cell.addEventListener('click', () => select(k));
        box.append(cell);
        const s = state.series.get(k);
        const d = chartData(s ? s.points : [], s ? s.path : null).data;
        const c = new uPlot({width: 240, height: 110, legend: {show: false}, cursor: {show: false},
          axes: [{show: false}, {size: 36, font: '10px system-ui'}], scales: {x: {time: true}},
          series: [{}, {stroke: '#2b6cb0', spanGaps: false}, {stroke: '#dd6b20', dash: [4, 2], spanGaps: false},
            {stroke: '#2f855a', width: 1.5, spanGaps: false}]},
          [d[0], d[1], d[2], d[5]], cell);
        multipleCharts.set(k, {chart: c});
      }
      connect();
    }
  }
  function drawMultiples() {
    for (const [k, m] of multipleCharts) {
      const s = state.series.get(k);
      if (!s) continue;
      const d = chartData(s.points, s.path).data;
      m.chart.setData([d[0], d[1], d[2], d[5]]);
    }
  }

  // ---- selection and pins -----------------------------------------------------------------------------------------
  async function select(key) {
    state.selected = key;
    state.range = state.range && key === params.get('key') ? state.range : null;
    $('key-title').textContent = key;
    $('key-title').title = key;
    $('pin').textContent = state.pinned.includes(key) ? 'unpin' : 'pin';
    saveUrl();
    renderRows();
    if (chart) { chart.destroy(); chart = null; }
    await loadSeries(key);
    const s = state.series.get(key);
    if (s && s.summary) showFacts(s.summary);
    else showFacts(state.keys.find((k) => k.key === key));
    $('note').textContent = STATIC && !STATIC.series[key]
      ? 'this key\'s forecasts are not embedded in this report (its scores are; all rows: forecasts.csv)' : '';
    drawChart();
    connect();
    document.dispatchEvent(new CustomEvent('streamcast:select', {detail: key}));
  }
  $('pin').addEventListener('click', () => {
    const k = state.selected;
    if (k === null) return;
    state.pinned = state.pinned.includes(k) ? state.pinned.filter((x) => x !== k) : state.pinned.concat([k]);
    $('pin').textContent = state.pinned.includes(k) ? 'unpin' : 'pin';
    saveUrl();
    renderRows();
    refreshMultiples();
  });

  // ---- live events ------------------------------------------------------------------------------------------------
  function watched() {
    const s = new Set();
    if (state.selected !== null) s.add(state.selected);
    for (const k of multipleCharts.keys()) s.add(k);
    return [...s].slice(0, 100);
  }
  let watchedNow = '';
  function connect() {
    if (STATIC) return;
    const keys = watched();
    const id = keys.map(encodeURIComponent).join(',');
    if (state.source && id === watchedNow) return;
    if (state.source) state.source.close();
    watchedNow = id;
    const since = state.epoch && state.lastId !== null ? '&since=' + encodeURIComponent(state.epoch + '-' + state.lastId) : '';
    const es = new EventSource('api/events?keys=' + id + since);
    state.source = es;
    setConn(null, 'connecting');
    es.addEventListener('open', () => setConn(true, 'live'));
    es.addEventListener('error', () => setConn(false, 'reconnecting'));
    es.addEventListener('hello', (e) => {
      const h = JSON.parse(e.data);
      setConn(true, 'live');
      if (state.epoch && h.epoch !== state.epoch && !e.lastEventId) resync();
    });
    es.addEventListener('stats', (e) => showTotals(JSON.parse(e.data)));
    es.addEventListener('point', (e) => {
      const p = JSON.parse(e.data);
      state.lastId = Math.max(state.lastId || 0, p.id);
      if (appendPoint(p)) scheduleDraw();
    });
    es.addEventListener('resync', () => resync());
  }
  async function resync() {
    // the server restarted or the stream fell too far behind: load every watched series again
    state.lastId = null;
    state.epoch = null;
    for (const k of watched()) await loadSeries(k);
    if (state.source) { state.source.close(); state.source = null; }
    connect();
    scheduleDraw();
    loadKeys();
  }

  // ---- for tests and scripts: the page's data, read-only ----------------------------------------------------------
  window.streamcastDashboard = {
    points: (key) => (state.series.get(key) || {points: []}).points.map((p) => ({...p})),
    chartSeries: () => chart ? chart.data.map((a) => Array.from(a)) : null,
    markers: () => chartMarkers.slice(),
    bands: () => !!(chart && chart.bandsOn),
    path: (key) => { const s = state.series.get(key); return s && s.path ? JSON.parse(JSON.stringify(s.path)) : null; },
    pathBands: () => !!(chart && chart.pathBandsOn),
    keys: () => state.view.map((s) => s.key),
    renderedRows: () => $('key-rows').children.length,
    connection: () => $('conn').textContent,
    selected: () => state.selected,
    select: (key) => select(key),
    staticData: () => STATIC,
    totals: () => lastTotals && JSON.parse(JSON.stringify(lastTotals)),
  };

  if (STATIC) {
    setConn(true, 'static report');
    $('live').textContent = 'all';  // nothing new arrives: the button shows the whole series again
    $('live').title = 'show the whole series';
    loadKeys().then(() => {
      refreshMultiples();
      if (state.keys.length) select(state.selected ?? state.view[0].key);
    });
  } else {
    loadKeys().then(() => { if (state.selected !== null) select(state.selected); });
    setInterval(loadKeys, 3000);
  }
})();
