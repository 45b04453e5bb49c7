/* lineage render: the page's behaviour. Every piece of paper data is put on the page with
   textContent or as a DOM property, never as HTML. Globals `network`, `nodes`, `edges` are the
   vis objects (as in pyvis pages); `lineage` is a small API for scripts and tests.
   Paper names are drawn by this script on the canvas (not by vis): a fixed size on screen, and only
   where they fit (see LABEL_RULE). */
var network, nodes, edges, lineage;
(function () {
  "use strict";
  var START = performance.now();
  var DATA = JSON.parse(document.getElementById("lineage-data").textContent);
  var VIS = JSON.parse(document.getElementById("vis-data").textContent);
  VIS.edges = DATA.meta.big ? [] : DATA.edges.map(function (e, i) { return { id: i, from: e.from, to: e.to }; });
  var papers = DATA.papers, META = DATA.meta;
  var ids = Object.keys(papers);
  var preds = {}, succs = {};
  ids.forEach(function (id) { preds[id] = []; succs[id] = []; });
  DATA.edges.forEach(function (e, i) { e.index = i; preds[e.to].push(e); succs[e.from].push(e); });
  var topicInfo = {};
  DATA.topics.forEach(function (t) { topicInfo[t.name] = t; });
  var HOME = META.targets.slice();          // whose order the list shows first ([] = every paper)
  // a page drawn with `--all` lists the order along every link; the default follows core links
  var state = { selected: null, listFor: HOME.slice(), followAll: META.follow === "all", hover: null, topic: "" };
  var LABEL_RULE = "Names are drawn at 12\u201316 px on screen, most important first (the target, " +
    "what it builds on directly, then the most built-upon), each only where it overlaps no other name; " +
    "zoom in to see more, hover any dot for its name.";

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
  // a fetched paper's alias is its Semantic Scholar id, which names nothing to a reader: its title
  function name(id) { var p = papers[id]; return p.aliases.length && !p.derived ? p.aliases[0] : p.title; }
  function when(p) { return p.month ? p.year + "-" + (p.month < 10 ? "0" : "") + p.month : String(p.year); }
  function authors(p) { return p.authors.join(", "); }
  function minutesText(m, estimated) {  // as lineage.timing.format_minutes
    var prefix = estimated ? "~" : "";
    if (m < 60) { return prefix + m + " min"; }
    if (m >= 600) { return prefix + Math.floor(m / 60 + 0.5) + " h"; }
    var h = Math.floor(m / 60), rest = m % 60;
    return prefix + h + " h" + (rest ? " " + rest + " min" : "");
  }

  // ---- reading order: the same rule as lineage.analysis.reading_order ----
  // Kahn's algorithm over the targets and their ancestors; among the papers whose prerequisites are
  // all placed, the earliest by (year, month or 0, id) comes first. Unless `all`, only core links
  // (role "core": the later paper needs the earlier one) are followed.
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
  function follows(e, all) { return all || e.role !== "context"; }
  function ancestors(start, all) {
    var seen = {}, stack = start.slice();
    start.forEach(function (id) { seen[id] = true; });
    while (stack.length) {
      preds[stack.pop()].forEach(function (e) {
        if (!seen[e.from] && follows(e, all)) { seen[e.from] = true; stack.push(e.from); }
      });
    }
    return seen;
  }
  function descendantsOf(id, all) {
    var seen = {}, stack = [id];
    seen[id] = true;
    while (stack.length) {
      succs[stack.pop()].forEach(function (e) {
        if (!seen[e.to] && follows(e, all)) { seen[e.to] = true; stack.push(e.to); }
      });
    }
    return seen;
  }
  function readingOrder(targets, all) {
    var members;
    if (targets.length) { members = ancestors(targets, all); } else { members = {}; ids.forEach(function (id) { members[id] = true; }); }
    var indegree = {}, heap = new Heap(), order = [];
    Object.keys(members).forEach(function (id) {
      indegree[id] = preds[id].filter(function (e) { return members[e.from] && follows(e, all); }).length;
      if (indegree[id] === 0) { heap.push(id); }
    });
    while (heap.items.length) {
      var id = heap.pop();
      order.push(id);
      succs[id].forEach(function (e) {
        if (members[e.to] && follows(e, all) && --indegree[e.to] === 0) { heap.push(e.to); }
      });
    }
    return order;
  }

  // ---- Markdown checklist: the same lines as `lineage order -f markdown --no-why` ----
  function mdEscape(text) {
    return String(text).replace(/[\\`*_[\]<~]/g, "\\$&").replace(/\n/g, " ");
  }
  // as lineage.analysis.plan.short_title: the title up to its colon when a short name precedes it
  function shortTitle(id) {
    var title = papers[id].title, colon = title.indexOf(":");
    var head = colon >= 0 ? title.slice(0, colon).trim() : "";
    return colon >= 0 && head.length >= 3 ? head : title;
  }
  function markdown(targets, order, all) {
    var position = {};
    order.forEach(function (id, i) { position[id] = i; });
    var readCount = order.filter(function (id) { return papers[id].read; }).length;
    var total = order.length;
    var summary = total + " paper" + (total !== 1 ? "s" : "") + ", each after everything it builds on";
    if (readCount) { summary += "; " + readCount + " read, " + (total - readCount) + " to go"; }
    var title = targets.length ? targets.map(shortTitle).join(", ") : META.graph_name;
    var lines = ["# Reading order: " + mdEscape(title), "",
      "_" + summary + "._ Generated by `lineage`; tick items as you read \u2014 " +
      "re-exporting keeps your ticks and notes.", ""];
    order.forEach(function (id) {
      var p = papers[id];
      var parts = ["- " + (p.read ? "[x]" : "[ ]") + " **" + mdEscape(p.title) + "** (" + mdEscape(p.citation) + ")"];
      if (p.arxiv) { parts.push("[arXiv](" + p.link + ")"); } else if (p.link) { parts.push("[link](<" + p.link + ">)"); }
      var users = succs[id].filter(function (e) { return follows(e, all); }).map(function (e) { return e.to; })
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
      status.textContent = ok ? "copied" : "copy failed: select the list and copy it";
    }
    lineage.lastCopied = text;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = "copied"; }, fallback);
    } else { fallback(); }
  }

  // ---- the always-visible list ----
  var list = document.getElementById("reading-order"), back = document.getElementById("order-back");
  var currentOrder = [];
  function renderList() {
    var targets = state.listFor, all = state.followAll;
    currentOrder = readingOrder(targets, all);
    var title = document.getElementById("order-title");
    title.textContent = targets.length ? "Reading order for " + targets.map(name).join(", ")
      : "Reading order: all " + ids.length + " papers";
    var home = HOME.length ? HOME.map(name).join(", ") : "every paper";
    back.hidden = sameList(targets, HOME);
    back.textContent = "\u2190 Back to the order for " + home;
    var minutes = 0, estimated = false, readCount = 0, left = 0;
    currentOrder.forEach(function (id) {
      var p = papers[id];
      minutes += p.minutes; estimated = estimated || p.estimated;
      if (p.read) { readCount += 1; } else { left += p.minutes; }
    });
    var n = currentOrder.length;
    document.getElementById("order-summary").textContent = n + " paper" + (n === 1 ? "" : "s") +
      (readCount ? " \u00b7 " + readCount + " read, " + (n - readCount) + " to go" : "") +
      " \u00b7 " + minutesText(minutes, estimated) + " in all" + (readCount ? " (" + minutesText(left, estimated) + " left)" : "");
    var partial = targets.some(function (t) { return !(all ? papers[t].complete_all : papers[t].complete); });
    var note = document.getElementById("order-partial");
    note.hidden = !partial;
    note.textContent = partial ? "Only the papers on this page: some of what it builds on is not shown. Run `lineage order " +
      targets.join(" ") + "` for the full order." : "";
    var direct = {};
    targets.forEach(function (t) { preds[t].forEach(function (e) { if (follows(e, all)) { direct[e.from] = true; } }); });
    var frag = document.createDocumentFragment();
    currentOrder.forEach(function (id) {
      var p = papers[id];
      var li = el("li", (targets.indexOf(id) >= 0 ? "target" : direct[id] ? "direct" : "") + (p.read ? " read" : "") +
        (id === state.selected ? " current" : ""));
      li.dataset.id = id;
      var tick = el("span", "tick", p.read ? "\u2713" : "");
      tick.setAttribute("role", "img");
      tick.setAttribute("aria-label", p.read ? "read (lineage done)" : "not read yet");
      li.appendChild(tick);
      var b = el("button", "go", name(id));
      b.type = "button";
      b.title = p.title;
      li.appendChild(b);
      li.appendChild(el("span", "when", String(p.year)));
      li.appendChild(el("span", "time", minutesText(p.minutes, p.estimated)));
      frag.appendChild(li);
    });
    list.replaceChildren(frag);
    renderRelated(targets, all);
  }
  // below the order, as `lineage order` prints them: the papers one context link off the lineage
  var relatedBox = document.getElementById("related"), relatedList = document.getElementById("related-list");
  function renderRelated(targets, all) {
    var shown = !all && sameList(targets, HOME) && META.related.length > 0;
    relatedBox.hidden = !shown;
    if (!shown) { return; }
    document.getElementById("related-title").textContent = "Related, not needed to follow (" + META.related.length + ")";
    var frag = document.createDocumentFragment();
    META.related.forEach(function (id) {
      var li = el("li");
      li.dataset.id = id;
      var b = el("button", "go", name(id));
      b.type = "button";
      b.title = papers[id].title;
      li.appendChild(b);
      li.appendChild(el("span", "when", String(papers[id].year)));
      frag.appendChild(li);
    });
    relatedList.replaceChildren(frag);
  }
  relatedList.addEventListener("click", function (ev) {
    var li = ev.target.closest("li");
    if (li) { select(li.dataset.id, { focus: true }); }
  });
  relatedList.addEventListener("mouseover", function (ev) {
    var li = ev.target.closest("li");
    setHover(li ? li.dataset.id : null);
  });
  relatedList.addEventListener("mouseleave", function () { setHover(null); });
  function sameList(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
  list.addEventListener("click", function (ev) {
    var li = ev.target.closest("li");
    if (li) { select(li.dataset.id, { from: "list" }); }
  });
  list.addEventListener("mouseover", function (ev) {
    var li = ev.target.closest("li");
    setHover(li ? li.dataset.id : null);
  });
  list.addEventListener("mouseleave", function () { setHover(null); });
  list.addEventListener("focusin", function (ev) {
    var li = ev.target.closest("li");
    if (li) { setHover(li.dataset.id); }
  });
  list.addEventListener("keydown", function (ev) {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") { return; }
    var li = ev.target.closest("li");
    var next = li && (ev.key === "ArrowDown" ? li.nextElementSibling : li.previousElementSibling);
    if (next) { ev.preventDefault(); next.querySelector("button").focus(); next.scrollIntoView({ block: "nearest" }); }
  });
  back.addEventListener("click", function () { clearSelection(); state.listFor = HOME.slice(); renderList(); });
  if (!DATA.edges.some(function (e) { return e.role === "context"; })) {
    document.getElementById("follow").title = "Every link on this page is a core link: both give the same order.";
  }
  Array.prototype.forEach.call(document.querySelectorAll("#follow input"), function (input) {
    input.checked = (input.value === "all") === state.followAll;
    input.addEventListener("change", function () { state.followAll = input.value === "all" && input.checked; renderList(); restyle(); });
  });
  document.getElementById("copy").addEventListener("click", function () {
    copyText(markdown(state.listFor, currentOrder, state.followAll), document.getElementById("copy-status"));
  });

  // ---- tooltips: our own element, built on hover (nothing is parsed as HTML) ----
  var tip = document.getElementById("tip");
  function nodeTip(id) {
    var p = papers[id], box = el("div", "tip");
    box.appendChild(el("strong", "", p.title));
    box.appendChild(el("span", "by", authors(p) + " \u00b7 " + when(p) + " \u00b7 " + minutesText(p.minutes, p.estimated)));
    if (p.summary) { box.appendChild(el("span", "sum", p.summary)); }
    if (p.derived) {
      box.appendChild(el("span", "derived", DERIVED_NOTE + (p.signals.length ? " \u00b7 signal: " + p.signals.join(", ") : "")));
    } else if (p.why) { box.appendChild(el("span", "why", "Why it matters: " + p.why)); }
    if (p.related) { box.appendChild(el("span", "kind", RELATED_NOTE)); }
    return box;
  }
  var DERIVED_NOTE = "Derived from Semantic Scholar citations, not curated";
  var RELATED_NOTE = "Related: one context link off the lineage, not needed to follow it";
  function derivedText(e) { return DERIVED_NOTE + (e.signal ? " \u00b7 signal: " + e.signal : ""); }
  function kindText(e) {
    var k = DATA.kinds.filter(function (x) { return x.name === e.kind; })[0];
    return (e.kind || "link") + (k ? ": " + k.description : "") + " \u00b7 " +
      (e.role === "context" ? "context (not needed to follow it)" : "core (needed to follow it)");
  }
  function edgeTip(e) {
    var box = el("div", "tip");
    box.appendChild(el("strong", "", name(e.to) + " builds on " + name(e.from)));
    box.appendChild(el("span", "kind", kindText(e)));
    if (e.source) { box.appendChild(el("span", "derived", derivedText(e))); }
    box.appendChild(el("span", "why", e.why ? "Why: " + e.why : "No reason recorded."));
    return box;
  }
  function showTip(content, pointer) {
    tip.replaceChildren(content);
    tip.hidden = false;
    var wrap = tip.parentNode.getBoundingClientRect();
    var x = pointer.x + 14, y = pointer.y + 14;
    if (x + tip.offsetWidth > wrap.width) { x = Math.max(0, pointer.x - tip.offsetWidth - 10); }
    if (y + tip.offsetHeight > wrap.height) { y = Math.max(0, pointer.y - tip.offsetHeight - 10); }
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }

  // ---- the side panel: one paper, or one link ----
  var panel = document.getElementById("panel");
  function goButton(id) {
    var b = el("button", "go", name(id) + " (" + papers[id].year + ")");
    b.type = "button";
    b.dataset.id = id;
    b.title = papers[id].title;
    b.addEventListener("click", function () { select(id, { focus: true }); });
    return b;
  }
  function kindChip(e) {
    var k = el("span", "kind" + (e.role === "context" ? " context" : ""), (e.kind || "link") + (e.role === "context" ? " \u00b7 context" : ""));
    k.title = kindText(e);
    return k;
  }
  function linkList(edgeList, other) {
    var ul = el("ul", "links");
    edgeList.slice().sort(function (a, b) { return earlier(a[other], b[other]) ? -1 : 1; }).forEach(function (e) {
      var li = el("li");
      li.appendChild(goButton(e[other]));
      li.appendChild(kindChip(e));
      if (e.why) { li.appendChild(el("span", "why", e.why)); }
      ul.appendChild(li);
    });
    return ul;
  }
  function openPanel() {
    var opened = panel.hidden;
    panel.replaceChildren();
    panel.hidden = false;
    var close = el("button", "close", "\u00d7");
    close.type = "button";
    close.title = "Close (Esc)";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", clearSelection);
    panel.appendChild(close);
    return opened;
  }
  function showPanel(id) {
    var p = papers[id];
    var opened = openPanel();
    panel.appendChild(el("h2", "", p.title));
    panel.appendChild(el("p", "byline", authors(p) + " \u00b7 " + when(p) + " \u00b7 " + minutesText(p.minutes, p.estimated)));
    var chips = el("div", "chips");
    if (p.target) { chips.appendChild(el("span", "badge", "target")); }
    if (p.read) { chips.appendChild(el("span", "badge read", "\u2713 read")); }
    if (p.type && p.type !== "paper") { chips.appendChild(el("span", "badge", p.type)); }
    p.topics.forEach(function (t) {
      var c = el("span", "chip", t);
      var info = topicInfo[t] || topicInfo.other;
      c.style.borderColor = info ? info.color : "#495057";
      c.style.color = info ? info.text : "#495057";
      chips.appendChild(c);
    });
    panel.appendChild(chips);
    if (p.derived) { panel.appendChild(el("p", "derived", DERIVED_NOTE + (p.signals.length ? " \u00b7 signal: " + p.signals.join(", ") : ""))); }
    if (p.related) { panel.appendChild(el("p", "muted", RELATED_NOTE)); }
    if (p.aliases.length) { panel.appendChild(el("p", "muted", "Also: " + p.aliases.join(", "))); }
    if (p.summary) { panel.appendChild(el("p", "", p.summary)); }
    if (p.why && !p.derived) {
      var why = el("p");
      why.appendChild(el("strong", "", "Why it matters: "));
      why.appendChild(document.createTextNode(p.why));
      panel.appendChild(why);
    }
    var href = httpLink(p.link);
    if (href) {
      var a = el("a", "paper-link", p.arxiv ? "arXiv:" + p.arxiv + " \u2197" : "Read it \u2197");
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      panel.appendChild(a);
    }
    panel.appendChild(el("p", "muted", p.descendants + " paper" + (p.descendants === 1 ? "" : "s") +
      " in the graph build on it, directly or not. Its reading order is in the list on the left."));
    panel.appendChild(el("h3", "", "Builds on (" + preds[id].length + ")"));
    panel.appendChild(preds[id].length ? linkList(preds[id], "from") : el("p", "muted", "nothing on this page"));
    panel.appendChild(el("h3", "", "Built on by (" + succs[id].length + ")"));
    panel.appendChild(succs[id].length ? linkList(succs[id], "to") : el("p", "muted", "nothing on this page"));
    panel.scrollTop = 0;
    return opened;
  }
  function showEdgePanel(e) {
    var opened = openPanel();
    panel.appendChild(el("h2", "", name(e.to) + " builds on " + name(e.from)));
    panel.appendChild(el("p", "byline", kindText(e)));
    if (e.source) { panel.appendChild(el("p", "derived", derivedText(e))); }
    panel.appendChild(el("p", "", e.why || "No reason recorded."));
    var ul = el("ul", "links");
    [e.from, e.to].forEach(function (id) { var li = el("li"); li.appendChild(goButton(id)); ul.appendChild(li); });
    panel.appendChild(ul);
    if (opened) { resized(); }
  }

  // ---- styles: computed from the state every time, never saved and restored ----
  var baseNode = {};
  VIS.nodes.forEach(function (n) { baseNode[n.id] = n; });
  var ROLE = META.roles, PATH = META.path_color;
  function edgeBase(link) {
    var style = link.source ? META.derived_style : ROLE[link.role] || ROLE.core;
    var toTarget = !link.dim && !link.source && papers[link.to] && papers[link.to].level === 0 && link.role !== "context";
    return { color: link.dim ? "#dee2e6" : style.color, width: toTarget ? style.width * 1.5 : style.width,
      dashes: META.big ? false : style.dashes, opacity: link.dim ? 0.5 : style.opacity };
  }
  function edgeStyle(link, keep, path) {
    var base = edgeBase(link), on = !keep || (keep[link.from] && keep[link.to]);
    var onPath = path && path[link.from] && path[link.to];
    var color = onPath ? PATH : base.color;
    return { id: link.index, width: onPath ? 3.5 : base.width, dashes: base.dashes,
      color: { color: color, highlight: onPath ? PATH : "#212529", hover: "#212529", opacity: on ? (onPath ? 1 : base.opacity) : 0.06 } };
  }
  var lastEdgeKey = {}, lastNodeKey = {};
  // A big page (META.big) draws its links itself, in batches by style, under vis's dots: vis builds
  // an object per link, which takes seconds for tens of thousands. Hover and click find the nearest link.
  var DRAW_LINKS = Boolean(META.big), linkGroups = [];
  function groupLinks() {
    var byKey = {};
    linkGroups = [];
    DATA.edges.forEach(function (link) {
      var st = edgeStyle(link, keepSet, pathSet), c = st.color;
      var key = c.color + "|" + st.width + "|" + c.opacity + "|" + (st.dashes ? st.dashes.join(",") : "");
      if (!byKey[key]) { byKey[key] = { color: c.color, width: st.width, opacity: c.opacity, dashes: st.dashes, links: [] }; linkGroups.push(byKey[key]); }
      byKey[key].links.push(link);
    });
    linkGroups.sort(function (a, b) { return (a.color === PATH) - (b.color === PATH) || a.opacity - b.opacity; });
  }
  function drawLinks(ctx) {
    var body = network.body.nodes, scale = network.getScale();
    linkGroups.forEach(function (g) {
      ctx.beginPath();
      g.links.forEach(function (link) {
        var a = body[link.from], b = body[link.to];
        if (!a || !b || a.options.hidden || b.options.hidden) { return; }
        ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y);
      });
      ctx.globalAlpha = g.opacity;
      ctx.strokeStyle = g.color;
      ctx.lineWidth = g.width / Math.max(scale, 0.05) * 0.6;
      ctx.setLineDash(g.dashes ? g.dashes.map(function (d) { return d / scale; }) : []);
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
  }
  function linkAt(dom) {  // the link nearest a point of the canvas (DOM px), within 5 px
    var scale = network.getScale(), tr = network.body.view.translation, body = network.body.nodes;
    var px = (dom.x - tr.x) / scale, py = (dom.y - tr.y) / scale, best = null, bestD = 5 / scale;
    DATA.edges.forEach(function (link) {
      var a = body[link.from], b = body[link.to];
      if (!a || !b || a.options.hidden || b.options.hidden) { return; }
      if (keepSet && !(keepSet[link.from] && keepSet[link.to])) { return; }
      var dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy;
      var t = len ? Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / len)) : 0;
      var ex = a.x + t * dx - px, ey = a.y + t * dy - py, d = Math.sqrt(ex * ex + ey * ey);
      if (d < bestD) { bestD = d; best = link; }
    });
    return best;
  }
  var keepSet = null, pathSet = null;
  function restyle() {
    keepSet = null; pathSet = null;
    var id = state.selected;
    if (id) {
      keepSet = ancestors([id], true);
      var down = descendantsOf(id, true);
      Object.keys(down).forEach(function (d) { keepSet[d] = true; });
      if (HOME.length && HOME.indexOf(id) < 0) {
        var up = ancestors(HOME, state.followAll);
        pathSet = {};
        Object.keys(descendantsOf(id, state.followAll)).forEach(function (d) { if (up[d]) { pathSet[d] = true; } });
        if (Object.keys(pathSet).length < 2) { pathSet = null; }
      }
    }
    var nodeUpdates = [], edgeUpdates = [];
    ids.forEach(function (n) {
      var faded = keepSet && !keepSet[n];
      var key = faded ? "f" : "n";
      if (lastNodeKey[n] === key) { return; }
      lastNodeKey[n] = key;
      nodeUpdates.push({ id: n, opacity: faded ? 0.2 : 1 });
    });
    if (DRAW_LINKS) { groupLinks(); } else {
      DATA.edges.forEach(function (link) {
        var s = edgeStyle(link, keepSet, pathSet), key = JSON.stringify(s);
        if (lastEdgeKey[link.index] === key) { return; }
        lastEdgeKey[link.index] = key;
        edgeUpdates.push(s);
      });
    }
    if (nodes) {
      if (nodeUpdates.length) { nodes.update(nodeUpdates); }
      if (edgeUpdates.length) { edges.update(edgeUpdates); }
      labelsDirty = true;
      network.redraw();
    }
  }

  function select(id, opts) {
    opts = opts || {};
    if (!papers[id]) { return false; }
    hideTip();
    state.selected = id;
    if (nodes.get(id).hidden) { setTopic(""); }
    network.selectNodes([id]);
    if (opts.from !== "list" || currentOrder.indexOf(id) < 0) {
      state.listFor = [id];
      if (HOME.length === 1 && HOME[0] === id) { state.listFor = HOME.slice(); }
    }
    renderList();
    var li = list.querySelector('li[data-id="' + CSS.escape(id) + '"]');
    if (li) { li.scrollIntoView({ block: "nearest" }); }
    restyle();
    showPanel(id);
    if (!opts.focus) { fitTo(selectionIds(), true, true); }
    if (opts.focus) {
      network.setSize("100%", "100%");
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    }
    return true;
  }
  function selectionIds() {  // what a selection shows: its lineage and the targets, on screen
    if (!keepSet) { return visibleIds(); }
    return Object.keys(keepSet).concat(HOME).filter(function (n) { return !nodes.get(n).hidden; });
  }
  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    restyle();
    var wasOpen = !panel.hidden;
    panel.hidden = true;
    panel.replaceChildren();
    Array.prototype.forEach.call(list.querySelectorAll("li.current"), function (li) { li.classList.remove("current"); });
    if (wasOpen) { network.setSize("100%", "100%"); fitTo(visibleIds(), false); }
  }
  function setHover(id) {
    if (state.hover === id) { return; }
    state.hover = id;
    labelsDirty = true;
    network.redraw();
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
    } else if (ev.key === "Escape") { results.hidden = true; box.blur(); ev.stopPropagation(); }
  });
  box.addEventListener("blur", function () { results.hidden = true; });
  box.addEventListener("focus", function () { if (box.value.trim()) { showResults(); } });
  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (ev.key === "/" && !typing) { ev.preventDefault(); box.focus(); box.select(); return; }
    if (ev.key === "Escape") {
      if (!results.hidden) { results.hidden = true; return; }
      hideTip();
      if (state.selected || !panel.hidden) { clearSelection(); }
      return;
    }
    if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && !typing && !list.contains(document.activeElement)) {
      var start = list.querySelector("li.current") || list.firstElementChild;
      if (start) { ev.preventDefault(); start.querySelector("button").focus(); }
    }
  });

  // ---- topic filter ----
  var filter = document.getElementById("topic-filter");
  DATA.topics.forEach(function (t) {
    var o = document.createElement("option");
    o.value = t.name;
    o.textContent = t.name === "other" && t.members.length ? "other (" + t.members.length + " topics)" : t.name;
    if (t.name === "other") { o.title = t.members.join(", "); }
    filter.appendChild(o);
  });
  function setTopic(topic) {
    filter.value = topic;
    state.topic = topic;
    nodes.update(ids.map(function (id) { return { id: id, hidden: Boolean(topic) && papers[id].lane !== topic }; }));
    labelsDirty = true;
    fitTo(visibleIds(), true);
  }
  filter.addEventListener("change", function () { setTopic(filter.value); });
  function visibleIds() {
    var base = state.topic ? ids.filter(function (id) { return papers[id].lane === state.topic; }) : META.focus;
    return base.length ? base : ids;
  }

  // ---- legend: every mark on the page ----
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  var topicList = document.getElementById("legend-topics");
  DATA.topics.forEach(function (t) {
    if (!t.lane_count) { return; }
    var li = el("li");
    var svg = svgEl("svg", { width: "12", height: "12" });
    svg.appendChild(svgEl("circle", { cx: "6", cy: "6", r: "5", fill: t.color, stroke: "#343a40", "stroke-width": "1" }));
    li.appendChild(svg);
    li.appendChild(el("span", "", t.name === "other" && t.members.length ? "other: " + t.members.join(", ") : t.name));
    li.title = "Show only " + t.name + " (again: all topics)";
    li.addEventListener("click", function () { setTopic(filter.value === t.name ? "" : t.name); });
    topicList.appendChild(li);
  });
  var marks = document.getElementById("legend-marks");
  function mark(svg, text, title) {
    var li = el("li");
    li.appendChild(svg);
    li.appendChild(el("span", "", text));
    if (title) { li.title = title; }
    marks.appendChild(li);
  }
  function dot(r, stroke, width, glow, fill, dash) {
    var svg = svgEl("svg", { width: "22", height: "22" });
    if (glow) { svg.appendChild(svgEl("circle", { cx: "11", cy: "11", r: "10.5", fill: "rgba(240,140,0,0.45)" })); }
    var attrs = { cx: "11", cy: "11", r: String(r), fill: fill || "#ced4da", stroke: stroke, "stroke-width": String(width) };
    if (dash) { attrs["stroke-dasharray"] = dash.join(" "); }
    svg.appendChild(svgEl("circle", attrs));
    return svg;
  }
  function line(color, width, dash) {
    var svg = svgEl("svg", { width: "30", height: "10" });
    var attrs = { x1: "1", y1: "5", x2: "29", y2: "5", stroke: color, "stroke-width": String(width) };
    if (dash) { attrs["stroke-dasharray"] = dash.join(" "); }
    svg.appendChild(svgEl("line", attrs));
    return svg;
  }
  if (HOME.length) {
    mark(dot(7, "#111111", 3, true), "target (glow, largest)");
    mark(dot(5, "#343a40", 1.2, false), "what it builds on directly (larger)");
  }
  mark(dot(5, "#2b8a3e", 3, false), "\u2713 read (lineage done): green ring; ticked in the list");
  if (DATA.edges.length) {
    mark(line(ROLE.core.color, 2), "core link: the later paper needs it", "role: core");
    mark(line(ROLE.context.color, 1.2, ROLE.context.dashes), "context link: true, not needed", "role: context");
    if (HOME.length) { mark(line(PATH, 3.5), "path from the selected paper to the target"); }
  }
  if (ids.some(function (id) { return papers[id].related; })) {
    mark(dot(5, "#868e96", 1.2, false, "#e3e6ea", [3, 2]), "related: one context link off the lineage, not needed (pale, dashed outline)");
  }
  if (ids.some(function (id) { return papers[id].derived; }) || DATA.edges.some(function (e) { return e.source; })) {
    var derivedMark = el("li", "derived-legend");
    derivedMark.appendChild(dot(5, "#4e79a7", 2, false, "#ffffff", [2, 2]));
    derivedMark.appendChild(line(META.derived_style.color, META.derived_style.width, META.derived_style.dashes));
    derivedMark.appendChild(el("span", "", "derived from Semantic Scholar citations, not curated: hollow dotted dot, dotted grey link (hover for the signal)"));
    marks.appendChild(derivedMark);
  }
  var ring = svgEl("svg", { width: "22", height: "22" });
  ring.appendChild(svgEl("circle", { cx: "11", cy: "11", r: "8", fill: "none", stroke: PATH, "stroke-width": "3" }));
  mark(ring, "ring: the paper under the pointer in the list");
  if (DATA.papers && Object.keys(papers).some(function (id) { return papers[id].dim; })) {
    mark(dot(5, "#adb5bd", 1.2, false), "faded: not in the lineage (context)");
  }
  var ruleItem = el("li", "", "Arrows point to the later paper. Hover a link for its kind and why.");
  marks.appendChild(ruleItem);
  var ruleNames = el("li", "", "Names: most important first where they fit; zoom for more.");
  ruleNames.title = LABEL_RULE;
  marks.appendChild(ruleNames);
  if (META.note) {
    var note = document.getElementById("note");
    note.textContent = "Showing part of the graph: " + META.note + ".";
    note.hidden = false;
  }

  // ---- the network ----
  renderList();
  lineage = {
    data: DATA, ready: false, drawnAt: null, lastCopied: null, timings: { start: START }, labelRule: LABEL_RULE,
    select: function (id) { return select(id, { focus: true }); },
    selected: function () { return state.selected; },
    readingOrder: function (targets, all) { return readingOrder(typeof targets === "string" ? [targets] : targets, Boolean(all)); },
    listed: function () { return currentOrder.slice(); },
    relatedListed: function () { return relatedBox.hidden ? [] : Array.prototype.map.call(relatedList.children, function (li) { return li.dataset.id; }); },
    markdown: function (id, all) { var t = typeof id === "string" ? [id] : id; return markdown(t, readingOrder(t, Boolean(all)), Boolean(all)); },
    search: search, setTopic: setTopic, clear: clearSelection, hovered: function () { return state.hover; },
    labels: function () { return placed.map(function (b) { return Object.assign({}, b, { x: b.x + canvasBox().left, y: b.y + canvasBox().top }); }); },
    chrome: function () { return chromeBoxes.slice(); },
    laneLines: function () { return laneLines; },
    linkCount: function () { return DATA.edges.length; },
    linkPoint: function (i) {
      // A point on link i, in page px, where the pointer finds that link and nothing else: of the
      // points along it (as drawn) inside the view, the one farthest from every other link and dot.
      var link = DATA.edges[i], box = canvasBox(), body = network.body.nodes, scale = network.getScale();
      var a = body[link.from], b = body[link.to], W = box.width, H = box.height;
      function along(t) { return DRAW_LINKS ? { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) } : network.body.edges[i].edgeType.getPoint(t); }
      function gap(q) {  // screen px from q to the nearest other link or dot
        var best = Infinity;
        DATA.edges.forEach(function (other, j) {
          if (j === i) { return; }
          var f = body[other.from], g = body[other.to];
          if (!f || !g || f.options.hidden || g.options.hidden) { return; }
          var d;
          if (DRAW_LINKS) {
            var dx = g.x - f.x, dy = g.y - f.y, len = dx * dx + dy * dy;
            var t = len ? Math.max(0, Math.min(1, ((q.x - f.x) * dx + (q.y - f.y) * dy) / len)) : 0;
            d = Math.hypot(f.x + t * dx - q.x, f.y + t * dy - q.y);
          } else { d = network.body.edges[j].edgeType.getDistanceToEdge(f.x, f.y, g.x, g.y, q.x, q.y); }
          best = Math.min(best, d * scale);
        });
        ids.forEach(function (id) {
          var n = body[id];
          if (n && !n.options.hidden) { best = Math.min(best, (Math.hypot(n.x - q.x, n.y - q.y) - n.options.size) * scale); }
        });
        return best;
      }
      var pick = null, pickGap = -Infinity;
      for (var k = 0; k <= 28; k++) {
        var q = along(0.15 + 0.025 * k), d = network.canvasToDOM(q);
        if (d.x < gutter + 4 || d.y < STRIP + 4 || d.x > W - 4 || d.y > H - 4) { continue; }
        var room = gap(q);
        if (room > pickGap) { pickGap = room; pick = d; }
      }
      if (!pick) { pick = network.canvasToDOM(along(0.5)); }
      return [box.left + pick.x, box.top + pick.y];
    },
    linkStyle: function (i) {
      if (!DRAW_LINKS) { var e = edges.get(i); return { color: e.color.color, width: e.width, opacity: e.color.opacity, dashes: e.dashes }; }
      var g = linkGroups.filter(function (x) { return x.links.indexOf(DATA.edges[i]) >= 0; })[0];
      return { color: g.color, width: g.width, opacity: g.opacity, dashes: g.dashes };
    }
  };
  VIS.edges.forEach(function (e) {  // (a big page has none here: it draws its links itself)
    var s = edgeStyle(DATA.edges[e.id], null, null);
    lastEdgeKey[e.id] = JSON.stringify(s);
    e.width = s.width; e.dashes = s.dashes; e.color = s.color;
  });
  ids.forEach(function (n) { lastNodeKey[n] = "n"; });
  VIS.nodes.forEach(function (n) { n.opacity = 1; });
  // A picture wider than the view leaves bands of empty space above and below: stretch the rows
  // (never the years) to use that height, up to 1.8 times, before anything is drawn.
  (function stretch() {
    var box = document.getElementById("mynetwork").getBoundingClientRect(), focus = {};
    META.focus.forEach(function (id) { focus[id] = true; });
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    VIS.nodes.forEach(function (n) {
      if (!focus[n.id]) { return; }
      x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y);
    });
    if (!isFinite(x0) || y1 - y0 < 1 || !box.width) { return; }
    var sx = (box.width - 160 - (HOME.length ? 150 : 60)) / Math.max(x1 - x0, 1), sy = (box.height - 80) / (y1 - y0);
    var k = Math.min(Math.max(sy / sx, 1), 1.8);
    if (k <= 1.02) { return; }
    VIS.nodes.forEach(function (n) { n.y = Math.round(n.y * k * 10) / 10; });
    DATA.axis.lanes.forEach(function (lane) { lane[1] *= k; lane[2] *= k; });
    lineage.stretch = k;
  }());
  lineage.timings.prepared = performance.now();
  nodes = new vis.DataSet(VIS.nodes);
  edges = new vis.DataSet(VIS.edges);
  var container = document.getElementById("mynetwork");
  network = new vis.Network(container, { nodes: nodes, edges: edges }, VIS.options);
  lineage.timings.network = performance.now();
  function canvasBox() { return container.getBoundingClientRect(); }

  // ---- lanes and years: bands on the canvas, names pinned to the edges of the view ----
  var years = DATA.axis.years, lanes = DATA.axis.lanes;
  var left = years.length ? years[0][2] : 0, right = years.length ? years[years.length - 1][3] : 0;
  var top = lanes.length ? lanes[0][1] : 0, bottom = lanes.length ? lanes[lanes.length - 1][2] : 0;
  var FONT = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";
  var LANE_PX = 12, YEAR_PX = 12, STRIP = 20;
  var measureCtx = document.createElement("canvas").getContext("2d");
  // Lane names: whole, on one line when it fits GUTTER_MAX, else broken after a hyphen.
  var GUTTER_MAX = 118, laneLines = {};
  var gutter = (function () {
    measureCtx.font = "600 " + LANE_PX + "px " + FONT;
    var widest = 0;
    lanes.forEach(function (lane) {
      var parts = lane[0].match(/[^-]+-?/g) || [lane[0]], lines = [""];
      parts.forEach(function (part) {
        var tryLine = lines[lines.length - 1] + part;
        if (lines[lines.length - 1] && measureCtx.measureText(tryLine).width > GUTTER_MAX) { lines.push(part); } else { lines[lines.length - 1] = tryLine; }
      });
      laneLines[lane[0]] = lines;
      lines.forEach(function (line) { widest = Math.max(widest, measureCtx.measureText(line).width); });
    });
    return Math.ceil(widest) + 18;
  }());
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    lanes.forEach(function (lane, i) {
      ctx.fillStyle = i % 2 ? "#ffffff" : "#f4f6f8";
      ctx.fillRect(left - 4000, lane[1] - 4, right - left + 8000, lane[2] - lane[1] + 8);
    });
    ctx.strokeStyle = "#dee2e6";
    ctx.lineWidth = 1 / network.getScale();
    years.forEach(function (y, i) {
      if (i === 0) { return; }
      var x = (years[i - 1][3] + y[2]) / 2;
      ctx.setLineDash(y[0] - years[i - 1][1] > 1 ? [6 / network.getScale(), 6 / network.getScale()] : []);
      ctx.beginPath(); ctx.moveTo(x, top - 4000); ctx.lineTo(x, bottom + 4000); ctx.stroke();
    });
    ctx.setLineDash([]);
    if (DRAW_LINKS) { drawLinks(ctx); }
    ctx.restore();
  });

  // ---- names: placed on screen by LABEL_RULE every time the view changes ----
  var placed = [], chromeBoxes = [], labelsDirty = true, lastView = "";
  var LEVEL_PX = [16, 13, 12], LEVEL_WEIGHT = [700, 600, 400];
  var priority = ids.slice().sort(function (a, b) {
    var pa = papers[a], pb = papers[b];
    var la = pa.level === null ? 99 : pa.level, lb = pb.level === null ? 99 : pb.level;
    if ((pa.dim ? 1 : 0) !== (pb.dim ? 1 : 0)) { return pa.dim ? 1 : -1; }
    if ((pa.related ? 1 : 0) !== (pb.related ? 1 : 0)) { return pa.related ? 1 : -1; }  // context after the lineage
    if (Math.min(la, 2) !== Math.min(lb, 2)) { return Math.min(la, 2) - Math.min(lb, 2); }
    var wa = pa.level === null ? pa.descendants : pa.users, wb = pb.level === null ? pb.descendants : pb.users;
    if (wa !== wb) { return wb - wa; }
    return earlier(a, b) ? 1 : -1;  // newer first among equals
  });
  var widthCache = {};
  function labelText(id) { return (papers[id].read ? "\u2713 " : "") + papers[id].label; }
  function fontFor(id) {
    var lv = papers[id].level === null ? 2 : Math.min(papers[id].level, 2);
    if (id === state.selected || id === state.hover) { lv = Math.min(lv, 1); }
    return { px: LEVEL_PX[lv], weight: LEVEL_WEIGHT[lv] };
  }
  function textWidth(text, font) {
    var key = font.weight + "|" + text;
    if (widthCache[key] === undefined) {
      measureCtx.font = font.weight + " 100px " + FONT;
      widthCache[key] = measureCtx.measureText(text).width / 100;
    }
    return widthCache[key] * font.px;
  }
  function placeLabels(W, H) {
    var scale = network.getScale(), tr = network.body.view.translation, body = network.body.nodes;
    var CELL = 48, grid = {};
    function cells(b, fn) {
      for (var gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++) {
        for (var gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) {
          if (fn(gx + "," + gy) === false) { return false; }
        }
      }
      return true;
    }
    function hits(b, owner, loose) {
      return !cells(b, function (k) {
        var list = grid[k];
        if (!list) { return true; }
        for (var i = 0; i < list.length; i++) {
          var o = list[i];
          if (o.owner !== owner && !(loose && o.dot) && b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) { return false; }
        }
        return true;
      });
    }
    function add(b) { cells(b, function (k) { (grid[k] = grid[k] || []).push(b); }); }
    placed = [];
    chromeBoxes.forEach(function (b) { add({ x: b.x, y: b.y, w: b.w, h: b.h, owner: "#chrome" }); });
    var screen = {};
    ids.forEach(function (id) {
      var n = body[id];
      if (!n || n.options.hidden) { return; }
      var sx = n.x * scale + tr.x, sy = n.y * scale + tr.y, r = n.options.size * scale;
      if (sx < -r || sy < -r || sx > W + r || sy > H + r) { return; }
      screen[id] = { x: sx, y: sy, r: r };
      add({ x: sx - r, y: sy - r, w: 2 * r, h: 2 * r, owner: id, dot: true });
    });
    var first = [];
    if (state.hover) { first.push(state.hover); }
    if (state.selected) { first.push(state.selected); }
    var seen = {};
    first.concat(priority).forEach(function (id) {
      if (seen[id] || !screen[id]) { return; }
      seen[id] = true;
      var faded = keepSet && !keepSet[id];
      if (faded && id !== state.hover) { return; }
      var s = screen[id], font = fontFor(id), text = labelText(id);
      var w = Math.ceil(textWidth(text, font)) + 4, h = Math.ceil(font.px * 1.3);
      var gap = 2;
      var tries = [
        { x: s.x - w / 2, y: s.y + s.r + gap },
        { x: s.x - w / 2, y: s.y - s.r - gap - h },
        { x: s.x + s.r + gap + 1, y: s.y - h / 2 },
        { x: s.x - s.r - gap - 1 - w, y: s.y - h / 2 },
        { x: s.x + s.r * 0.7, y: s.y + s.r * 0.7 },
        { x: s.x - s.r * 0.7 - w, y: s.y + s.r * 0.7 },
        { x: s.x + s.r * 0.7, y: s.y - s.r * 0.7 - h },
        { x: s.x - s.r * 0.7 - w, y: s.y - s.r * 0.7 - h },
        { x: s.x - w / 2, y: s.y + s.r + gap + h },
        { x: s.x - w / 2, y: s.y - s.r - gap - 2 * h }
      ];
      if (papers[id].level === 0) { tries.unshift(tries.splice(2, 1)[0]); }  // the target's name: to its right first
      var minX = gutter + 1, minY = STRIP + 1;
      var must = papers[id].level === 0 || papers[id].level === 1 || id === state.selected || id === state.hover;
      for (var i = 0; i < tries.length * (must ? 2 : 1); i++) {
        var loose = i >= tries.length;  // the target, its direct prerequisites, the selected: may cover a dot
        var t = tries[i % tries.length];
        var b = { x: t.x, y: t.y, w: w, h: h, owner: id };
        if (i % tries.length < 2) { b.x = Math.max(minX, Math.min(b.x, W - w)); }  // above or below: slide to stay in view
        if (b.x < minX || b.y < minY) { continue; }
        if (b.x < 0 || b.y < 0 || b.x + w > W || b.y + h > H) { continue; }
        if (hits(b, id, loose)) { continue; }
        add(b);
        placed.push({ id: id, text: text, px: font.px, weight: font.weight, x: b.x, y: b.y, w: w, h: h,
          color: papers[id].dim || papers[id].related ? "#5c636a" : "#212529" });
        return;
      }
    });
  }
  network.on("afterDrawing", function (ctx) {
    var canvas = network.canvas.frame.canvas, W = canvas.clientWidth, H = canvas.clientHeight;
    var scale = network.getScale(), tr = network.body.view.translation;
    var ratio = canvas.width / (W || 1);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    // the pinned strips: lane names on the left, years on top (opaque, so nothing shows through)
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, gutter, H);
    ctx.fillRect(0, 0, W, STRIP);
    ctx.fillStyle = "#dee2e6";
    ctx.fillRect(gutter - 1, 0, 1, H);
    ctx.fillRect(0, STRIP - 1, W, 1);
    chromeBoxes = [{ x: 0, y: 0, w: gutter, h: H }, { x: 0, y: 0, w: W, h: STRIP }];
    ctx.textBaseline = "middle";
    var lastBottom = STRIP;
    lanes.forEach(function (lane) {
      var y0 = lane[1] * scale + tr.y, y1 = lane[2] * scale + tr.y;
      var info = topicInfo[lane[0]] || { color: "#868e96", text: "#495057" };
      var vis0 = Math.max(y0, STRIP), vis1 = Math.min(y1, H);
      if (vis1 <= vis0) { return; }
      ctx.fillStyle = info.color;
      ctx.fillRect(2, vis0 + 1, 5, vis1 - vis0 - 2);
      var lines = laneLines[lane[0]], half = lines.length * 7.5;
      var y = Math.min(Math.max((y0 + y1) / 2, vis0 + half), vis1 - half);
      if (y - half < lastBottom) { return; }  // no room left beside this lane: its colour bar stays
      ctx.font = "600 " + LANE_PX + "px " + FONT;
      ctx.fillStyle = info.text;
      ctx.textAlign = "left";
      lines.forEach(function (line, k) { ctx.fillText(line, 11, y - half + 7.5 + 15 * k); });
      lastBottom = y + half;
    });
    ctx.font = "600 " + YEAR_PX + "px " + FONT;
    ctx.fillStyle = "#495057";
    ctx.textAlign = "center";
    var lastRight = gutter;
    years.forEach(function (y) {
      var x = (y[2] + y[3]) / 2 * scale + tr.x;
      var text = y[0] === y[1] ? String(y[0]) : y[0] + "\u2013" + y[1];
      var w = ctx.measureText(text).width;
      if (x - w / 2 < lastRight + 6 || x + w / 2 > W) { return; }
      ctx.fillText(text, x, STRIP / 2);
      lastRight = x + w / 2;
    });
    var view = [scale, tr.x, tr.y, W, H].join(",");
    if (labelsDirty || view !== lastView) { placeLabels(W, H); labelsDirty = false; lastView = view; }
    if (state.hover && network.body.nodes[state.hover]) {
      var hn = network.body.nodes[state.hover];
      ctx.beginPath();
      ctx.arc(hn.x * scale + tr.x, hn.y * scale + tr.y, hn.options.size * scale + 6, 0, 2 * Math.PI);
      ctx.lineWidth = 4; ctx.strokeStyle = PATH; ctx.stroke();
    }
    ctx.textAlign = "left";
    ctx.lineJoin = "round";
    placed.forEach(function (b) {
      ctx.font = b.weight + " " + b.px + "px " + FONT;
      ctx.lineWidth = 3.5; ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(b.text, b.x + 2, b.y + b.h / 2);
      ctx.fillStyle = b.color;
      ctx.fillText(b.text, b.x + 2, b.y + b.h / 2);
    });
    ctx.restore();
  });

  // ---- fitting: the chosen papers fill the view between the pinned strips ----
  var lastFit = null;
  function fitTo(list, animate, resize) {
    lastFit = list;
    if (resize) { network.setSize("100%", "100%"); }
    var canvas = network.canvas.frame.canvas, w = canvas.clientWidth, h = canvas.clientHeight;
    var body = network.body.nodes;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    list.forEach(function (id) {
      var n = body[id];
      if (!n) { return; }
      var r = n.options.size;
      x0 = Math.min(x0, n.x - r); x1 = Math.max(x1, n.x + r); y0 = Math.min(y0, n.y - r); y1 = Math.max(y1, n.y + r);
    });
    if (!isFinite(x0) || !w || !h) { return; }
    var pad = { left: gutter + 34, right: 44, top: STRIP + 22, bottom: 26 };
    HOME.forEach(function (t) {  // room for the target's name on its right when it is the latest paper
      if (body[t] && body[t].x + body[t].options.size >= x1 - 1) {
        pad.right = Math.max(pad.right, textWidth(labelText(t), { px: LEVEL_PX[0], weight: LEVEL_WEIGHT[0] }) + 24);
      }
    });
    var scale = Math.min((w - pad.left - pad.right) / Math.max(x1 - x0, 1), (h - pad.top - pad.bottom) / Math.max(y1 - y0, 1), 1.6);
    var cx = (x0 + x1) / 2 + ((pad.right - pad.left) / 2) / scale, cy = (y0 + y1) / 2 + ((pad.bottom - pad.top) / 2) / scale;
    network.moveTo({ position: { x: cx, y: cy }, scale: scale, animation: animate ? { duration: 300 } : false });
    labelsDirty = true;
  }
  function resized() {
    network.setSize("100%", "100%");
    network.redraw();
    fitTo(lastFit || visibleIds(), false);
  }
  window.addEventListener("resize", function () { resized(); });
  document.getElementById("fit").addEventListener("click", function () { fitTo(visibleIds(), true); });

  // ---- pointer ----
  network.on("click", function (params) {
    hideTip();
    if (params.nodes.length) { select(params.nodes[0], { from: "graph" }); return; }
    var p = params.pointer.DOM;
    var label = placed.filter(function (b) { return p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h; })[0];
    if (label) { select(label.id, { from: "graph" }); return; }
    var link = params.edges.length ? DATA.edges[params.edges[0]] : DRAW_LINKS ? linkAt(p) : null;
    if (link) { showEdgePanel(link); return; }
    clearSelection();
  });
  network.on("hoverNode", function (params) { showTip(nodeTip(params.node), params.pointer.DOM); tip.dataset.kind = "node"; });
  network.on("blurNode", hideTip);
  network.on("hoverEdge", function (params) {
    var link = DATA.edges[params.edge];
    if (link) { showTip(edgeTip(link), params.pointer.DOM); }
  });
  network.on("blurEdge", hideTip);
  if (DRAW_LINKS) {
    groupLinks();
    var pending = null;
    container.addEventListener("mousemove", function (ev) {
      var r = container.getBoundingClientRect();
      pending = { x: ev.clientX - r.left, y: ev.clientY - r.top };
      window.requestAnimationFrame(function () {
        if (!pending) { return; }
        var at = pending;
        pending = null;
        if (network.getNodeAt(at) !== undefined) { return; }
        var link = linkAt(at);
        if (link) { showTip(edgeTip(link), at); } else if (!tip.hidden && tip.dataset.kind === "link") { hideTip(); }
        if (link) { tip.dataset.kind = "link"; }
      });
    });
  }
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  fitTo(visibleIds(), false);
  network.once("afterDrawing", function () {
    lineage.drawnAt = performance.now();
    lineage.ready = true;
  });
}());
