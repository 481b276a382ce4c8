// Metric charts drawn with uPlot (served by Chorus from its WebJar). Series come from the server already reduced to
// at most ~2,000 points that keep every bucket's minimum and maximum (server.web.charts.MinMaxBuckets); zooming
// (drag across a chart) fetches the finer points of the visible steps, a double click goes back to the whole run.
// ChorusCharts.draw is the shared piece: any page can give it series of {label, xs, ys} (federated rounds too).
(function () {
  "use strict";
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var POLL_MS = 3000;

  function token(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#59636e";
  }

  // One uPlot chart in `host` for series [{label, xs, ys}] sharing their x; options: {time, log, height, onZoom}.
  function draw(host, series, options) {
    var xs = [];
    var seen = {};
    series.forEach(function (s) { s.xs.forEach(function (x) { if (!seen[x]) { seen[x] = true; xs.push(x); } }); });
    xs.sort(function (a, b) { return a - b; });
    var index = {};
    xs.forEach(function (x, i) { index[x] = i; });
    var data = [xs];
    series.forEach(function (s) {
      var ys = new Array(xs.length).fill(null);
      s.xs.forEach(function (x, i) {
        var y = s.ys[i];
        ys[index[x]] = options.log && !(y > 0) ? null : y;
      });
      data.push(ys);
    });
    var muted = token("--muted");
    var grid = token("--border");
    var axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    var chart = new uPlot({
      width: Math.max(240, host.clientWidth - 8),
      height: options.height || 220,
      scales: { x: { time: !!options.time }, y: options.log ? { distr: 3 } : {} },
      axes: [Object.assign({ label: options.xLabel || "" }, axis), Object.assign({}, axis)],
      series: [{ label: options.xLabel || "x" }].concat(series.map(function (s, i) {
        return { label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: s.width || 1.5, spanGaps: true,
          // dots would clutter a long line, but a metric logged once (a final accuracy) has no line to draw: show its point
          points: { show: s.xs.length < 2 } };
      })),
      cursor: { drag: { x: true, y: false } },
      hooks: options.onZoom ? { setSelect: [function (u) {
        if (u.select.width > 2) {
          options.onZoom(u.posToVal(u.select.left, "x"), u.posToVal(u.select.left + u.select.width, "x"));
        }
      }] } : {}
    }, data, host);
    return chart;
  }

  // Exponential moving average with TensorBoard's debiasing; weight 0 returns the values unchanged.
  function smooth(ys, weight) {
    if (!(weight > 0)) {
      return ys;
    }
    var last = 0;
    return ys.map(function (y, i) {
      last = last * weight + (1 - weight) * y;
      return last / (1 - Math.pow(weight, i + 1));
    });
  }

  window.ChorusCharts = { draw: draw, smooth: smooth, palette: PALETTE };

  // The run page: one chart per metric, shared controls for x, log scale and smoothing, live updates while RUNNING.
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure.metric-chart[data-series]"));
  var section = document.querySelector("section.run[data-live]");
  if (!figures.length && !section) {
    return;
  }
  var controls = document.getElementById("chart-controls");
  var xSelect = document.getElementById("chart-x");
  var logBox = document.getElementById("chart-log");
  var smoothRange = document.getElementById("chart-smooth");
  if (controls) {
    controls.hidden = false;
  }
  var state = figures.map(function (figure) { return { figure: figure, data: null, range: null, chart: null }; });

  function render(s) {
    if (s.chart) {
      s.chart.destroy();
    }
    var d = s.data;
    var mode = xSelect.value;
    var t0 = d.timestamps.length ? Math.min.apply(null, d.timestamps.slice(0, 1000)) : 0;
    var xs = mode === "step" ? d.steps : d.timestamps.map(function (t) { return mode === "wall" ? t / 1000 : (t - t0) / 1000; });
    var weight = parseFloat(smoothRange.value);
    var series = [{ label: d.key, xs: xs, ys: smooth(d.values, weight), width: 1.5 }];
    if (weight > 0) {
      series.unshift({ label: d.key + " (raw)", xs: xs, ys: d.values, color: token("--border"), width: 1 });
    }
    var host = s.figure.querySelector(".chart-host");
    if (!host) {
      host = document.createElement("div");
      host.className = "chart-host";
      s.figure.appendChild(host);
    }
    s.chart = draw(host, series, {
      time: mode === "wall", log: logBox.checked, xLabel: mode === "step" ? "step" : mode === "wall" ? "time" : "seconds",
      onZoom: function (lo, hi) { zoom(s, xs, lo, hi); }
    });
    s.figure.setAttribute("data-points", String(d.steps.length));
    s.figure.setAttribute("data-last-step", d.steps.length ? String(d.steps[d.steps.length - 1]) : "");
    s.figure.setAttribute("data-reduced", String(d.reduced));
  }

  // The steps under a zoomed x range (whatever x shows), then the finer points of those steps from the server.
  function zoom(s, xs, lo, hi) {
    var from = null;
    var to = null;
    xs.forEach(function (x, i) {
      if (x >= lo && x <= hi) {
        var step = s.data.steps[i];
        from = from === null || step < from ? step : from;
        to = to === null || step > to ? step : to;
      }
    });
    if (from !== null) {
      s.range = [from, to];
      load(s);
    }
  }

  function load(s) {
    var url = s.figure.getAttribute("data-series") + (s.range ? "&from=" + s.range[0] + "&to=" + s.range[1] : "");
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      s.data = d;
      render(s);
    });
  }

  state.forEach(function (s) {
    s.figure.addEventListener("dblclick", function () {
      if (s.range) {
        s.range = null;
        load(s);
      }
    });
    load(s);
  });
  [xSelect, logBox, smoothRange].filter(Boolean).forEach(function (control) {
    control.addEventListener("input", function () { state.forEach(function (s) { if (s.data) { render(s); } }); });
  });

  // While the run is RUNNING: poll its status and latest values, reload the charts whose last step moved.
  if (!section) {
    return;
  }
  var liveUrl = section.getAttribute("data-live");
  function poll() {
    fetch(liveUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (live) {
      var latest = {};
      live.metrics.forEach(function (m) { latest[m.key] = m; });
      var known = {};
      state.forEach(function (s) {
        var key = s.figure.getAttribute("data-key");
        known[key] = true;
        var m = latest[key];
        if (m && !s.range && String(m.step) !== s.figure.getAttribute("data-last-step")) {
          load(s);
        } else if (m && !s.range && s.data && s.data.timestamps.length && m.timestamp > Math.max.apply(null, s.data.timestamps.slice(-1000))) {
          load(s);
        }
      });
      document.querySelectorAll("#run-metrics tr[data-metric]").forEach(function (row) {
        var m = latest[row.getAttribute("data-metric")];
        if (m) {
          row.cells[1].textContent = m.value === null ? "NaN" : Number(m.value.toPrecision(4)).toString();
          row.cells[1].title = String(m.value);
          row.cells[2].textContent = String(m.step);
        }
      });
      var status = document.getElementById("run-status");
      status.textContent = live.status.toLowerCase();
      status.className = "status status-" + live.status.toLowerCase();
      var added = live.metrics.some(function (m) { return !known[m.key]; });
      if (added && state.length < 60) { // a new metric: the page draws its chart
        window.location.reload();
        return;
      }
      if (live.status === "RUNNING") {
        setTimeout(poll, POLL_MS);
      }
    }).catch(function () { setTimeout(poll, POLL_MS * 2); });
  }
  setTimeout(poll, POLL_MS);
})();
