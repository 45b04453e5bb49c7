/* lineage render: the page's behaviour. Every piece of paper data is put on the page with
   textContent or as a DOM property, never as HTML. Globals `network`, `nodes`, `edges` are the
   vis objects (as in pyvis pages); `lineage` is a small API for scripts and tests. */
var network, nodes, edges, lineage;
(function () {
  "use strict";
  var START = performance.now();
  var DATA = JSON.parse(document.getElementById("lineage-data").textContent);
  var VIS = JSON.parse(document.getElementById("vis-data").textContent);
  var papers = DATA.papers;
  var ids = Object.keys(papers);
  var preds = {}, succs = {};
  ids.forEach(function (id) { preds[id] = []; succs[id] = []; });
  DATA.edges.forEach(function (e) { preds[e.to].push(e); succs[e.from].push(e); });
  var kindColor = {};
  DATA.kinds.forEach(function (k) { kindColor[k.name] = k.color; });
  var topicColor = {};
  DATA.topics.forEach(function (t) { topicColor[t.name] = t.color; });
  var current = null;

  // ---- small DOM helpers (text only) ----
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function httpLink(url) {
    if (typeof url !== "string") { return null; }
    try {
      var parsed = new URL(url);
      return (parsed.protocol === "https:" || parsed.protocol === "http:") ? parsed.href : null;
    } catch (err) { return null; }
  }
  function name(id) {
    var p = papers[id];
    return p.aliases.length ? p.aliases[0] : p.title;
  }
  function when(p) {
    return p.month ? p.year + "-" + (p.month < 10 ? "0" : "") + p.month : String(p.year);
  }
  function authors(p) { return p.authors.join(", "); }

  // ---- reading order: the same rule as lineage.analysis.reading_order ----
  // Kahn's algorithm over the target and its ancestors; among the papers whose prerequisites are
  // all placed, the earliest by (year, month or 0, id) comes first.
  function earlier(a, b) {
    var pa = papers[a], pb = papers[b];
    if (pa.year !== pb.year) { return pa.year < pb.year; }
    var ma = pa.month || 0, mb = pb.month || 0;
    if (ma !== mb) { return ma < mb; }
    return a < b;
  }
  function Heap() { this.items = []; }
  Heap.prototype.push = function (x) {
    var a = this.items, i = a.length;
    a.push(x);
    while (i > 0) {
      var parent = (i - 1) >> 1;
      if (!earlier(a[i], a[parent])) { break; }
      var t = a[i]; a[i] = a[parent]; a[parent] = t; i = parent;
    }
  };
  Heap.prototype.pop = function () {
    var a = this.items, top = a[0], last = a.pop();
    if (a.length) {
      a[0] = last;
      var i = 0;
      for (;;) {
        var l = 2 * i + 1, r = l + 1, m = i;
        if (l < a.length && earlier(a[l], a[m])) { m = l; }
        if (r < a.length && earlier(a[r], a[m])) { m = r; }
        if (m === i) { break; }
        var t = a[i]; a[i] = a[m]; a[m] = t; i = m;
      }
    }
    return top;
  };
  function ancestors(start) {
    var seen = {}, stack = start.slice();
    start.forEach(function (id) { seen[id] = true; });
    while (stack.length) {
      preds[stack.pop()].forEach(function (e) {
        if (!seen[e.from]) { seen[e.from] = true; stack.push(e.from); }
      });
    }
    return seen;
  }
  function descendantsOf(id) {
    var seen = {}, stack = [id];
    seen[id] = true;
    while (stack.length) {
      succs[stack.pop()].forEach(function (e) {
        if (!seen[e.to]) { seen[e.to] = true; stack.push(e.to); }
      });
    }
    return seen;
  }
  function readingOrder(targets) {
    var members = ancestors(targets), indegree = {}, heap = new Heap(), order = [];
    Object.keys(members).forEach(function (id) {
      indegree[id] = preds[id].filter(function (e) { return members[e.from]; }).length;
      if (indegree[id] === 0) { heap.push(id); }
    });
    while (heap.items.length) {
      var id = heap.pop();
      order.push(id);
      succs[id].forEach(function (e) {
        if (members[e.to] && --indegree[e.to] === 0) { heap.push(e.to); }
      });
    }
    return order;
  }

  // ---- Markdown checklist: the same lines as `lineage order -f markdown --no-why` ----
  function mdEscape(text) {
    return String(text).replace(/[\\`*_[\]<~]/g, "\\$&").replace(/\n/g, " ");
  }
  function shortTitle(id) {  // the title up to its colon, as `lineage order` heads its output
    var title = papers[id].title, colon = title.indexOf(":");
    return colon >= 3 ? title.slice(0, colon).trim() : title;
  }
  function markdown(targets, order) {
    var position = {};
    order.forEach(function (id, i) { position[id] = i; });
    var readCount = order.filter(function (id) { return papers[id].read; }).length;
    var total = order.length;
    var summary = total + " paper" + (total !== 1 ? "s" : "") + ", each after everything it builds on";
    if (readCount) { summary += "; " + readCount + " read, " + (total - readCount) + " to go"; }
    var lines = ["# Reading order: " + mdEscape(targets.map(shortTitle).join(", ")), "",
      "_" + summary + "._ Generated by `lineage`; tick items as you read \u2014 " +
      "re-exporting keeps your ticks and notes.", ""];
    order.forEach(function (id) {
      var p = papers[id];
      var parts = ["- " + (p.read ? "[x]" : "[ ]") + " **" + mdEscape(p.title) + "** (" + mdEscape(p.citation) + ")"];
      if (p.arxiv) { parts.push("[arXiv](" + p.link + ")"); } else if (p.link) { parts.push("[link](<" + p.link + ">)"); }
      var users = succs[id].map(function (e) { return e.to; })
        .filter(function (c) { return position[c] !== undefined; })
        .sort(function (a, b) { return position[a] - position[b]; });
      if (users.length) { parts.push("needed by " + users.map(function (u) { return mdEscape(name(u)); }).join(", ")); }
      if (targets.indexOf(id) >= 0) { parts.push("**target**"); }
      lines.push(parts.join(" \u2014 ") + " \x3c!-- lineage:" + id + " --\x3e");
    });
    return lines.join("\n") + "\n";
  }
  function copyText(text, status) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(area);
      status.textContent = ok ? "copied" : "select and copy the text below";
      if (!ok) { var pre = el("textarea", "", null); pre.value = text; pre.rows = 8; pre.style.width = "100%"; status.after(pre); }
    }
    lineage.lastCopied = text;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = "copied"; }, fallback);
    } else { fallback(); }
  }

  // ---- hover tooltip: an element, so vis shows it as is and nothing is parsed as HTML ----
  function tooltip(id) {
    var p = papers[id], box = el("div", "tip");
    box.appendChild(el("strong", "", p.title));
    box.appendChild(el("span", "by", authors(p) + " \u00b7 " + when(p)));
    if (p.summary) { box.appendChild(el("span", "sum", p.summary)); }
    if (p.why) { box.appendChild(el("span", "why", "Why it matters: " + p.why)); }
    return box;
  }

  // ---- the side panel ----
  var panel = document.getElementById("panel");
  function goButton(id) {
    var b = el("button", "go", name(id) + " (" + papers[id].year + ")");
    b.type = "button";
    b.dataset.id = id;
    b.title = papers[id].title;
    b.addEventListener("click", function () { select(id, { focus: true }); });
    return b;
  }
  function linkList(list, other) {
    var ul = el("ul", "links");
    list.slice().sort(function (a, b) { return earlier(a[other], b[other]) ? -1 : 1; }).forEach(function (e) {
      var li = el("li");
      li.appendChild(goButton(e[other]));
      if (e.kind) {
        var k = el("span", "kind", e.kind);
        k.style.borderColor = kindColor[e.kind] || "#adb5bd";
        k.style.color = kindColor[e.kind] || "#495057";
        li.appendChild(k);
      }
      if (e.why) { li.appendChild(el("span", "why", e.why)); }
      ul.appendChild(li);
    });
    return ul;
  }
  function showPanel(id) {
    var p = papers[id];
    panel.replaceChildren();
    panel.hidden = false;
    var close = el("button", "close", "\u00d7");
    close.type = "button";
    close.title = "Close";
    close.addEventListener("click", clearSelection);
    panel.appendChild(close);
    panel.appendChild(el("h2", "", p.title));
    panel.appendChild(el("p", "byline", authors(p) + " \u00b7 " + when(p)));
    var chips = el("div", "chips");
    if (p.target) { chips.appendChild(el("span", "badge", "target")); }
    if (p.read) { chips.appendChild(el("span", "badge read", "\u2713 read")); }
    p.topics.forEach(function (t) {
      var c = el("span", "chip", t);
      c.style.background = topicColor[t] || "#868e96";
      chips.appendChild(c);
    });
    panel.appendChild(chips);
    if (p.aliases.length) { panel.appendChild(el("p", "muted", "Also: " + p.aliases.join(", "))); }
    if (p.summary) { panel.appendChild(el("p", "", p.summary)); }
    if (p.why) {
      var why = el("p");
      why.appendChild(el("strong", "", "Why it matters: "));
      why.appendChild(document.createTextNode(p.why));
      panel.appendChild(why);
    }
    var href = httpLink(p.link);
    if (href) {
      var a = el("a", "paper-link", p.arxiv ? "arXiv:" + p.arxiv + " \u2197" : "Read the paper \u2197");
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      panel.appendChild(a);
    }
    panel.appendChild(el("p", "muted", p.descendants + " paper" + (p.descendants === 1 ? "" : "s") +
      " in the graph build on it, directly or not."));
    panel.appendChild(el("h3", "", "Builds on (" + preds[id].length + ")"));
    panel.appendChild(preds[id].length ? linkList(preds[id], "from") : el("p", "muted", "nothing on this page"));
    panel.appendChild(el("h3", "", "Built on by (" + succs[id].length + ")"));
    panel.appendChild(succs[id].length ? linkList(succs[id], "to") : el("p", "muted", "nothing on this page"));

    var order = readingOrder([id]);
    panel.appendChild(el("h3", "", "Reading order (" + order.length + " paper" + (order.length === 1 ? "" : "s") + ")"));
    if (!p.complete) {
      panel.appendChild(el("p", "muted", "Only the papers on this page: some of what it builds on is not shown. " +
        "Run `lineage order " + id + "` for the full order."));
    }
    var ol = el("ol", "order");
    ol.id = "reading-order";
    order.forEach(function (step) {
      var li = el("li", (step === id ? "target" : "") + (papers[step].read ? " read" : ""));
      li.dataset.id = step;
      if (papers[step].read) { li.appendChild(el("span", "muted", "\u2713")); }
      li.appendChild(goButton(step));
      ol.appendChild(li);
    });
    panel.appendChild(ol);
    var copy = el("button", "copy", "Copy as Markdown checklist");
    copy.type = "button";
    var status = el("span", "copied");
    copy.addEventListener("click", function () { copyText(markdown([id], order), status); });
    panel.appendChild(copy);
    panel.appendChild(status);
    panel.scrollTop = 0;
  }

  // ---- highlighting a paper's lineage ----
  var original = {};
  VIS.nodes.forEach(function (n) { original[n.id] = { id: n.id, opacity: 1, font: n.font || { color: "#212529" } }; });
  var highlighted = false;
  function highlight(id) {
    if (DATA.meta.big) { return; }  // updating thousands of nodes per click would lag
    var keep = ancestors([id]);
    var down = descendantsOf(id);
    Object.keys(down).forEach(function (d) { keep[d] = true; });
    nodes.update(ids.map(function (n) {
      return keep[n] ? original[n] : { id: n, opacity: 0.18, font: { color: "#ced4da" } };
    }));
    edges.update(VIS.edges.map(function (e) {
      var on = keep[e.from] && keep[e.to];
      return { id: e.id, color: { color: e.color.color, opacity: on ? e.color.opacity : 0.07 } };
    }));
    highlighted = true;
  }
  function unhighlight() {
    if (!highlighted) { return; }
    nodes.update(ids.map(function (n) { return original[n]; }));
    edges.update(VIS.edges.map(function (e) { return { id: e.id, color: e.color }; }));
    highlighted = false;
  }
  function select(id, opts) {
    if (!papers[id]) { return false; }
    current = id;
    if (nodes.get(id).hidden) { setTopic(""); }
    network.selectNodes([id]);
    highlight(id);
    var opened = panel.hidden;
    showPanel(id);
    if (opened) { network.setSize("100%", "100%"); }  // the canvas just got narrower
    if (opts && opts.focus) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    }
    return true;
  }
  function clearSelection() {
    current = null;
    network.unselectAll();
    unhighlight();
    panel.hidden = true;
    panel.replaceChildren();
    network.setSize("100%", "100%");
  }

  // ---- search: every word must match (like `lineage search`); exact id/alias hits first ----
  function norm(s) { return String(s).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }
  var index = ids.map(function (id) {
    var p = papers[id];
    var names = [id].concat(p.aliases).map(norm);
    return { id: id, names: names, title: norm(p.title),
      hay: names.concat([norm(p.title)], p.authors.map(norm), p.topics, [norm(p.arxiv || "")]).join(" ") };
  });
  function search(query) {
    var words = query.split(/\s+/).map(norm).filter(Boolean), whole = norm(query);
    if (!words.length) { return []; }
    var found = [];
    index.forEach(function (entry) {
      if (!words.every(function (w) { return entry.hay.indexOf(w) >= 0; })) { return; }
      var rank = 2;
      if (entry.names.indexOf(whole) >= 0) { rank = 0; } else if (words.every(function (w) { return entry.title.indexOf(w) >= 0; }) ||
        entry.names.some(function (n) { return words.every(function (w) { return n.indexOf(w) >= 0; }); })) { rank = 1; }
      found.push({ id: entry.id, rank: rank });
    });
    found.sort(function (a, b) { return a.rank - b.rank || (earlier(a.id, b.id) ? -1 : 1); });
    return found.map(function (f) { return f.id; });
  }
  var box = document.getElementById("search"), results = document.getElementById("search-results");
  var hits = [], active = 0;
  function showResults() {
    hits = search(box.value).slice(0, 12);
    active = 0;
    results.replaceChildren();
    hits.forEach(function (id, i) {
      var li = el("li", i === active ? "active" : "");
      li.setAttribute("role", "option");
      var b = el("button", "", null);
      b.type = "button";
      b.dataset.id = id;
      b.appendChild(document.createTextNode(papers[id].title + " "));
      b.appendChild(el("span", "meta", "(" + [name(id) !== papers[id].title ? name(id) : "", papers[id].year]
        .filter(Boolean).join(", ") + ")"));
      b.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(id); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (box.value.trim() && !hits.length) { results.appendChild(el("li", "meta", "no paper matches")); }
    results.hidden = !box.value.trim();
  }
  function pick(id) {
    results.hidden = true;
    box.value = papers[id].title;
    select(id, { focus: true });
  }
  box.addEventListener("input", showResults);
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (!hits.length) { showResults(); }
      if (hits.length) { pick(hits[active]); }
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!hits.length) { return; }
      active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      Array.prototype.forEach.call(results.children, function (li, i) { li.className = i === active ? "active" : ""; });
    } else if (ev.key === "Escape") { results.hidden = true; }
  });
  box.addEventListener("blur", function () { results.hidden = true; });
  box.addEventListener("focus", function () { if (box.value.trim()) { showResults(); } });

  // ---- topic filter ----
  var filter = document.getElementById("topic-filter");
  DATA.topics.forEach(function (t) {
    var o = document.createElement("option");
    o.value = t.name;
    o.textContent = t.name;
    filter.appendChild(o);
  });
  function setTopic(topic) {
    filter.value = topic;
    nodes.update(ids.map(function (id) {
      return { id: id, hidden: Boolean(topic) && papers[id].topics.indexOf(topic) < 0 };
    }));
  }
  filter.addEventListener("change", function () { setTopic(filter.value); });

  // ---- legends ----
  var topicList = document.getElementById("legend-topics");
  DATA.topics.forEach(function (t) {
    if (!t.lane_count) { return; }
    var li = el("li");
    var sw = el("span", "swatch");
    sw.style.background = t.color;
    li.appendChild(sw);
    li.appendChild(el("span", "", t.name));
    li.title = "Show only " + t.name + " (again: all topics)";
    li.addEventListener("click", function () { setTopic(filter.value === t.name ? "" : t.name); });
    topicList.appendChild(li);
  });
  var kindList = document.getElementById("legend-kinds"), SVG = "http://www.w3.org/2000/svg";
  DATA.kinds.forEach(function (k) {
    var li = el("li");
    li.title = k.description;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "34"); svg.setAttribute("height", "10");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5"); line.setAttribute("x2", "33"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", k.color); line.setAttribute("stroke-width", "2.2");
    if (k.dashes && !DATA.meta.big) { line.setAttribute("stroke-dasharray", k.dashes.join(" ")); }
    svg.appendChild(line);
    li.appendChild(svg);
    li.appendChild(el("span", "", k.name || "unspecified"));
    kindList.appendChild(li);
  });
  if (DATA.meta.note) {
    var note = document.getElementById("note");
    note.textContent = "Showing part of the graph: " + DATA.meta.note + ".";
    note.hidden = false;
  }

  lineage = {
    data: DATA, ready: false, drawnAt: null, lastCopied: null, timings: { start: START },
    select: function (id) { return select(id, { focus: true }); },
    selected: function () { return current; },
    readingOrder: function (targets) { return readingOrder(typeof targets === "string" ? [targets] : targets); },
    markdown: function (id) { return markdown([id], readingOrder([id])); },
    search: search,
    setTopic: setTopic,
    clear: clearSelection
  };

  // ---- the network ----
  VIS.nodes.forEach(function (n) { n.title = tooltip(n.id); });
  var kindStyle = {};
  DATA.kinds.forEach(function (k) { kindStyle[k.name] = k; });
  VIS.edges.forEach(function (e) {
    var link = DATA.edges[e.id], style = kindStyle[link.kind] || { color: "#adb5bd", dashes: false };
    e.dashes = DATA.meta.big ? false : style.dashes;  // vis draws dashes segment by segment: slow by the thousand
    e.width = 1.4;
    e.color = { color: link.dim ? "#dee2e6" : style.color, highlight: style.color, hover: style.color,
      opacity: link.dim ? 0.45 : 0.75 };
  });
  lineage.timings.prepared = performance.now();
  nodes = new vis.DataSet(VIS.nodes);
  edges = new vis.DataSet(VIS.edges);
  network = new vis.Network(document.getElementById("mynetwork"), { nodes: nodes, edges: edges }, VIS.options);
  lineage.timings.network = performance.now();

  var years = DATA.axis.years, lanes = DATA.axis.lanes, LANE_FONT = "bold 34px system-ui, sans-serif";
  var left = years.length ? years[0][1] : 0, right = years.length ? years[years.length - 1][2] : 0;
  var top = lanes.length ? lanes[0][1] : 0, bottom = lanes.length ? lanes[lanes.length - 1][2] : 0;
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    lanes.forEach(function (lane, i) {
      ctx.fillStyle = i % 2 ? "#ffffff" : "#f6f8fa";
      ctx.fillRect(left - laneNameWidth - 60, lane[1] - 6, right - left + laneNameWidth + 100, lane[2] - lane[1] + 12);
      ctx.fillStyle = topicColor[lane[0]] || "#868e96";
      ctx.font = LANE_FONT;
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(lane[0], left - 24, (lane[1] + lane[2]) / 2);
    });
    ctx.font = "bold 40px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "alphabetic";
    years.forEach(function (y, i) {
      var mid = (y[1] + y[2]) / 2;
      ctx.fillStyle = "#495057";
      ctx.fillText(String(y[0]), mid, top - 40);
      ctx.fillText(String(y[0]), mid, bottom + 80);
      if (i > 0) {
        var x = (years[i - 1][2] + y[1]) / 2;
        ctx.strokeStyle = "#ced4da";
        ctx.lineWidth = 1;
        ctx.setLineDash(y[0] - years[i - 1][0] > 1 ? [6, 8] : []);  // dashed: years skipped
        ctx.beginPath(); ctx.moveTo(x, top - 90); ctx.lineTo(x, bottom + 40); ctx.stroke();
      }
    });
    ctx.restore();
  });
  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], { focus: false }); } else if (!params.edges.length) { clearSelection(); }
  });
  document.getElementById("fit").addEventListener("click", function () { fitAll(true); });
  // Fit the papers plus the lane names and year labels drawn around them.
  var MARGIN = { left: 60, right: 130, top: 100, bottom: 110 };
  var laneNameWidth = (function () {
    var ctx = document.createElement("canvas").getContext("2d"), widest = 0;
    ctx.font = LANE_FONT;
    lanes.forEach(function (lane) { widest = Math.max(widest, ctx.measureText(lane[0]).width); });
    return widest;
  }());
  function fitAll(animate) {
    var canvas = network.canvas.frame.canvas, w = canvas.clientWidth, h = canvas.clientHeight;
    if (!years.length || !w || !h) { network.fit(); return; }
    var x0 = left - laneNameWidth - MARGIN.left, x1 = right + MARGIN.right, y0 = top - MARGIN.top, y1 = bottom + MARGIN.bottom;
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: Math.min(w / (x1 - x0), h / (y1 - y0)),
      animation: animate ? { duration: 300 } : false });
  }
  function fitFocus() {
    var focus = DATA.meta.focus;
    if (focus.length && focus.length < ids.length) { network.fit({ nodes: focus, animation: false }); } else { fitAll(false); }
  }
  fitFocus();
  network.once("afterDrawing", function () {
    lineage.drawnAt = performance.now();
    lineage.ready = true;
  });

}());
