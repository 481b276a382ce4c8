// The compare page of 2–100 runs (web/runs/CompareRunsPages). Each run keeps one colour everywhere: the legend, the
// table, every chart and every plot. Charts: one request per metric answers every run's series on one shared step
// grid, drawn through ChorusCharts (charts.js). Parallel coordinates, scatter and box plot are small SVG drawings of
// the runs' params and latest metrics (embedded in the page); dragging along a parallel-coordinates axis keeps only the
// runs inside that range. Every choice is a control of the page's GET form, so the URL always holds the view.
(function () {
  "use strict";
  var section = document.querySelector("section.compare[data-runs]");
  if (!section) {
    return;
  }
  var SVG = "http://www.w3.org/2000/svg";
  var runs = JSON.parse(section.getAttribute("data-runs"));
  var byId = {};
  runs.forEach(function (r) { byId[r.id] = r; });
  var form = document.getElementById("compare-state");

  // the page's CSP forbids style attributes in markup; the CSSOM may set them
  document.querySelectorAll(".swatch[data-color]").forEach(function (s) { s.style.background = s.getAttribute("data-color"); });

  function saveState() {
    var query = new URLSearchParams(new FormData(form)).toString();
    history.replaceState(null, "", form.getAttribute("action") + "?" + query);
  }

  // ---- charts: one answer per metric with all runs
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure[data-compare-series]"));
  var drawn = 0;
  figures.forEach(function (figure) {
    fetch(figure.getAttribute("data-compare-series"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        var host = document.createElement("div");
        host.className = "chart-host";
        figure.appendChild(host);
        var series = d.runs.map(function (r) {
          var run = byId[r.run];
          return { label: run.name, xs: d.steps, ys: r.values, color: run.color, width: 1.25 };
        });
        window.ChorusCharts.draw(host, series, { xLabel: "step" });
        figure.setAttribute("data-runs-drawn", String(d.runs.length));
        drawn++;
        if (drawn === figures.length) {
          requestAnimationFrame(function () {
            window.chorusCompareDrawnAt = performance.now();
            section.setAttribute("data-charts-drawn", String(drawn));
          });
        }
      });
  });

  // ---- values and scales shared by the plots
  // "params.lr" or "metrics.acc" of a run; null when the run has none
  function value(run, key) {
    var dot = key.indexOf(".");
    var v = (key.slice(0, dot) === "params" ? run.params : run.metrics)[key.slice(dot + 1)];
    return v === undefined || v === null || v === "" ? null : v;
  }

  function format(n) {
    return Math.abs(n) >= 1e5 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential(2) : String(Math.round(n * 1e4) / 1e4);
  }

  // Maps values to [0, 1]: numbers linearly, anything else as sorted categories evenly spaced; null stays null.
  function scale(values) {
    var present = values.filter(function (v) { return v !== null; });
    var numeric = present.length > 0 && present.every(function (v) { return isFinite(Number(v)) && String(v).trim() !== ""; });
    if (numeric) {
      var nums = present.map(Number);
      var lo = Math.min.apply(null, nums);
      var hi = Math.max.apply(null, nums);
      return {
        pos: function (v) { return v === null ? null : hi === lo ? 0.5 : (Number(v) - lo) / (hi - lo); },
        ticks: hi === lo ? [{ at: 0.5, label: format(lo) }]
          : [{ at: 0, label: format(lo) }, { at: 0.5, label: format((lo + hi) / 2) }, { at: 1, label: format(hi) }]
      };
    }
    var cats = Array.from(new Set(present.map(String))).sort();
    var at = function (i) { return cats.length === 1 ? 0.5 : i / (cats.length - 1); };
    var every = Math.ceil(cats.length / 12);
    return {
      pos: function (v) { return v === null ? null : at(cats.indexOf(String(v))); },
      ticks: cats.map(function (c, i) { return { at: at(i), label: c.length > 14 ? c.slice(0, 13) + "…" : c }; })
        .filter(function (t, i) { return i % every === 0; })
    };
  }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function canvas(host, height) {
    host.textContent = "";
    var width = Math.max(300, host.clientWidth);
    var svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height });
    host.appendChild(svg);
    return { svg: svg, width: width, height: height };
  }

  // ---- parallel coordinates over the chosen params and one metric
  var brushes = {};

  function drawParallel() {
    var host = document.getElementById("parallel");
    var status = document.getElementById("parallel-status");
    var keys = Array.prototype.slice.call(document.querySelectorAll("input[name=axis]:checked")).map(function (c) { return "params." + c.value; });
    var metric = document.getElementById("pm");
    if (metric && metric.value) {
      keys.push("metrics." + metric.value);
    }
    Object.keys(brushes).forEach(function (k) { if (keys.indexOf(k) < 0) { delete brushes[k]; } });
    var c = canvas(host, 340);
    var top = 20, bottom = 46, side = 56;
    var scales = keys.map(function (k) { return scale(runs.map(function (r) { return value(r, k); })); });
    var x = function (i) { return keys.length === 1 ? c.width / 2 : side + i * (c.width - 2 * side) / (keys.length - 1); };
    var y = function (p) { return top + (1 - p) * (c.height - top - bottom); };
    var lines = runs.map(function (run) {
      var points = [];
      keys.forEach(function (k, i) {
        var p = scales[i].pos(value(run, k));
        if (p !== null) {
          points.push(x(i).toFixed(1) + "," + y(p).toFixed(1));
        }
      });
      var line = el("polyline", { points: points.join(" "), fill: "none", stroke: run.color, "stroke-width": 1.5, "class": "pc-line", "data-run": run.id });
      line.appendChild(el("title", {}, run.name));
      c.svg.appendChild(line);
      return line;
    });

    function apply() {
      var shown = 0;
      runs.forEach(function (run, j) {
        var inside = Object.keys(brushes).every(function (k) {
          var p = scales[keys.indexOf(k)].pos(value(run, k));
          return p !== null && p >= brushes[k][0] && p <= brushes[k][1];
        });
        lines[j].classList.toggle("filtered", !inside);
        shown += inside ? 1 : 0;
      });
      c.svg.setAttribute("data-shown", String(shown));
      status.textContent = Object.keys(brushes).length ? shown + " of " + runs.length + " runs inside the brushed ranges." : "";
    }

    keys.forEach(function (k, i) {
      var g = el("g", { "class": "pc-axis", "data-axis": k });
      g.appendChild(el("line", { x1: x(i), x2: x(i), y1: y(0), y2: y(1), stroke: "currentColor" }));
      scales[i].ticks.forEach(function (t) {
        g.appendChild(el("text", { x: x(i) + 5, y: y(t.at) + 4, "font-size": 11, fill: "currentColor" }, t.label));
      });
      g.appendChild(el("text", { x: x(i), y: c.height - 16, "text-anchor": "middle", "font-size": 12, fill: "currentColor" }, k));
      var brush = el("rect", { x: x(i) - 7, width: 14, "class": "pc-brush", visibility: "hidden" });
      var hit = el("rect", { x: x(i) - 14, width: 28, y: y(1) - 4, height: y(0) - y(1) + 8, "class": "pc-hit", fill: "transparent" });
      function show() {
        var b = brushes[k];
        brush.setAttribute("visibility", b ? "visible" : "hidden");
        if (b) {
          brush.setAttribute("y", y(b[1]));
          brush.setAttribute("height", Math.max(1, y(b[0]) - y(b[1])));
        }
      }
      function at(event) {
        var py = event.clientY - c.svg.getBoundingClientRect().top;
        return Math.min(1, Math.max(0, 1 - (py - top) / (c.height - top - bottom)));
      }
      var start = null;
      hit.addEventListener("pointerdown", function (event) {
        start = at(event);
        hit.setPointerCapture(event.pointerId);
        event.preventDefault();
      });
      hit.addEventListener("pointermove", function (event) {
        if (start !== null) {
          var now = at(event);
          brushes[k] = [Math.min(start, now), Math.max(start, now)];
          show();
          apply();
        }
      });
      hit.addEventListener("pointerup", function (event) {
        // a click (no drag) clears the axis' range
        if (start !== null && Math.abs(at(event) - start) * (c.height - top - bottom) < 3) {
          delete brushes[k];
        }
        start = null;
        show();
        apply();
      });
      g.appendChild(brush);
      g.appendChild(hit);
      c.svg.appendChild(g);
      show();
    });
    apply();
  }

  // ---- scatter of any param or metric against another
  function axes(c, margin, sx, sy, xLabel, yLabel) {
    var g = el("g", { "class": "plot-axes" });
    g.appendChild(el("line", { x1: margin.left, x2: c.width - margin.right, y1: c.height - margin.bottom, y2: c.height - margin.bottom, stroke: "currentColor" }));
    g.appendChild(el("line", { x1: margin.left, x2: margin.left, y1: margin.top, y2: c.height - margin.bottom, stroke: "currentColor" }));
    var px = function (p) { return margin.left + 12 + p * (c.width - margin.left - margin.right - 24); };
    var py = function (p) { return c.height - margin.bottom - 12 - p * (c.height - margin.top - margin.bottom - 24); };
    if (sx) {
      sx.ticks.forEach(function (t) { g.appendChild(el("text", { x: px(t.at), y: c.height - margin.bottom + 16, "text-anchor": "middle", "font-size": 11, fill: "currentColor" }, t.label)); });
    }
    sy.ticks.forEach(function (t) { g.appendChild(el("text", { x: margin.left - 6, y: py(t.at) + 4, "text-anchor": "end", "font-size": 11, fill: "currentColor" }, t.label)); });
    g.appendChild(el("text", { x: (margin.left + c.width - margin.right) / 2, y: c.height - 6, "text-anchor": "middle", "font-size": 12, fill: "currentColor" }, xLabel));
    g.appendChild(el("text", { x: 12, y: margin.top - 8, "font-size": 12, fill: "currentColor" }, yLabel));
    c.svg.appendChild(g);
    return { x: px, y: py };
  }

  var MARGIN = { top: 24, right: 16, bottom: 44, left: 72 };

  function drawScatter() {
    var kx = document.getElementById("sx").value;
    var ky = document.getElementById("sy").value;
    var c = canvas(document.getElementById("scatter"), 320);
    if (!kx || !ky) {
      return;
    }
    var sx = scale(runs.map(function (r) { return value(r, kx); }));
    var sy = scale(runs.map(function (r) { return value(r, ky); }));
    var at = axes(c, MARGIN, sx, sy, kx, ky);
    var shown = 0;
    runs.forEach(function (run) {
      var vx = value(run, kx);
      var vy = value(run, ky);
      if (vx === null || vy === null) {
        return;
      }
      var dot = el("circle", { cx: at.x(sx.pos(vx)), cy: at.y(sy.pos(vy)), r: 5, fill: run.color, "class": "scatter-dot", "data-run": run.id });
      dot.appendChild(el("title", {}, run.name + ": " + vx + ", " + vy));
      c.svg.appendChild(dot);
      shown++;
    });
    c.svg.setAttribute("data-shown", String(shown));
  }

  // ---- box plot of a metric grouped by a param
  function quantile(sorted, p) {
    var h = (sorted.length - 1) * p;
    var lo = Math.floor(h);
    return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  }

  function drawBox() {
    var metric = document.getElementById("bm").value;
    var param = document.getElementById("bp").value;
    var c = canvas(document.getElementById("box"), 320);
    if (!metric) {
      return;
    }
    var groups = {};
    runs.forEach(function (run) {
      var v = value(run, "metrics." + metric);
      if (v === null) {
        return;
      }
      var g = param ? value(run, "params." + param) : null;
      g = g === null ? "(none)" : String(g);
      (groups[g] = groups[g] || []).push({ run: run, v: Number(v) });
    });
    var names = Object.keys(groups).sort();
    var all = [];
    names.forEach(function (n) { groups[n].forEach(function (p) { all.push(p.v); }); });
    var sy = scale(all);
    var band = (c.width - MARGIN.left - MARGIN.right) / Math.max(1, names.length);
    var at = axes(c, MARGIN, null, sy, param ? "grouped by " + param : "", metric);
    names.forEach(function (n, i) {
      var values = groups[n].map(function (p) { return p.v; }).sort(function (a, b) { return a - b; });
      var cx = MARGIN.left + band * (i + 0.5);
      var half = Math.min(28, band / 3);
      var g = el("g", { "class": "box", "data-group": n, "data-runs": String(values.length) });
      var q = [values[0], quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75), values[values.length - 1]].map(function (v) { return at.y(sy.pos(v)); });
      g.appendChild(el("line", { x1: cx, x2: cx, y1: q[0], y2: q[4], stroke: "currentColor" }));
      g.appendChild(el("rect", { x: cx - half, width: 2 * half, y: q[3], height: Math.max(1, q[1] - q[3]), fill: "none", stroke: "currentColor" }));
      g.appendChild(el("line", { x1: cx - half, x2: cx + half, y1: q[2], y2: q[2], stroke: "currentColor", "stroke-width": 2 }));
      groups[n].forEach(function (p, j) {
        var dot = el("circle", { cx: cx + ((j % 5) - 2) * 3, cy: at.y(sy.pos(p.v)), r: 3, fill: p.run.color });
        dot.appendChild(el("title", {}, p.run.name + ": " + p.v));
        g.appendChild(dot);
      });
      g.appendChild(el("text", { x: cx, y: c.height - MARGIN.bottom + 16, "text-anchor": "middle", "font-size": 11, fill: "currentColor" },
        n.length > 14 ? n.slice(0, 13) + "…" : n));
      c.svg.appendChild(g);
    });
  }

  // ---- the table's "differences only"
  function differences() {
    var only = document.getElementById("diff").checked;
    document.querySelectorAll("#compare-table tbody tr").forEach(function (tr) {
      tr.hidden = only && tr.getAttribute("data-same") === "yes";
    });
  }

  document.getElementById("parallel-clear").addEventListener("click", function () {
    brushes = {};
    drawParallel();
  });
  document.addEventListener("change", function (event) {
    if (event.target.form !== form) {
      return;
    }
    drawParallel();
    drawScatter();
    drawBox();
    differences();
    saveState();
  });
  drawParallel();
  drawScatter();
  drawBox();
})();
