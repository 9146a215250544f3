// The page's script, inlined as text: the trace stepper (buttons and keyboard), the breach
// selector, the source viewer, and the map and the Gantt chart following the current step.
// Plain browser JavaScript with no library: it only toggles what the generator drew, so a
// step costs a few class changes, even with hundreds of VMs.

export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('hv-data').textContent);
  var cur = { trace: 0, step: -1 };
  var $ = function (id) { return document.getElementById(id); };
  var esc = function (s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); };
  // Index the drawn marks by trace once; stepping touches only the current trace's marks.
  var marks = {};
  function index(sel) {
    var els = document.querySelectorAll(sel);
    for (var i = 0; i < els.length; i++) {
      var t = els[i].getAttribute('data-trace');
      (marks[t] = marks[t] || []).push(els[i]);
    }
  }
  index('#memmap g.reach');
  index('#memmap g.finding');
  index('#gantt rect.wait');
  index('#gantt rect.ran');
  var shown = [];

  function srcLink(l) {
    return '<a href="#" class="src" data-file="' + l.file + '" data-line="' + l.line + '">' + esc(l.text) + '</a>';
  }
  function showSource(file, line) {
    var f = data.files[file];
    if (!f) return;
    var lo = Math.max(0, line - 8), hi = Math.min(f.lines.length, line + 7);
    var html = '';
    for (var i = lo; i < hi; i++) {
      html += '<div class="ln' + (i + 1 === line ? ' hl' : '') + '"><span class="no">' + (i + 1) + '</span>' + esc(f.lines[i]) + '</div>';
    }
    $('source-name').textContent = f.name + ':' + line;
    $('source-body').innerHTML = html;
    $('source').hidden = false;
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a.src');
    if (a) {
      ev.preventDefault();
      showSource(Number(a.getAttribute('data-file')), Number(a.getAttribute('data-line')));
    }
    var b = ev.target.closest && ev.target.closest('[data-breach]');
    if (b) selectTrace(Number(b.getAttribute('data-breach')));
  });
  $('source-close').addEventListener('click', function () { $('source').hidden = true; });

  function breach() { return data.breaches[cur.trace]; }
  function steps() { var b = breach(); return b && b.trace ? b.trace.steps : []; }

  function renderBreach() {
    var b = breach();
    var tabs = document.querySelectorAll('[data-breach]');
    for (var i = 0; i < tabs.length; i++) tabs[i].classList.toggle('on', Number(tabs[i].getAttribute('data-breach')) === cur.trace);
    if (!b) { $('breach-body').innerHTML = '<p>No property is violated: nothing to explore.</p>'; return; }
    var h = '<h3>' + esc(b.property) + ' — ' + esc(b.title) + ' <span class="st st-' + esc(b.status) + '">' + esc(b.status.toUpperCase()) + '</span> <span class="muted">' + esc(b.engine) + '</span></h3>';
    h += '<p class="claim"><b>Claim.</b> ' + esc(b.claim) + '</p>';
    b.findings.forEach(function (f) {
      h += '<div class="finding"><p><b>Finding.</b> ' + esc(f.message) + '</p><ul>';
      if (f.actor || f.victim) h += '<li>' + esc((f.actor || '?') + ' reached ' + (f.victim || '?') + (f.resource ? ' (' + f.resource + ')' : '')) + '</li>';
      if (f.address) h += '<li>address <code>' + esc(f.address) + '</code>' + (f.via ? ' through ' + esc(f.via) : '') + '</li>';
      h += '<li>declared at ' + srcLink(f.at) + (f.related.length ? ' (see also ' + f.related.map(srcLink).join(', ') + ')' : '') + '</li>';
      h += '</ul><p class="fix"><b>Fix.</b> ' + esc(f.fix) + '</p></div>';
    });
    b.measures.forEach(function (m) { h += '<p class="measure">' + esc(m) + '</p>'; });
    b.notes.forEach(function (n) { h += '<p class="note">' + esc(n) + '</p>'; });
    if (b.replay) h += '<p>Replay: <code class="replay">' + esc(b.replay) + '</code></p>';
    var w = b.trace && b.trace.worlds;
    if (w) {
      h += '<h4>Two worlds: what ' + esc(w.observer) + ' sees, with and without ' + esc(w.attacker) + "'s events</h4>";
      h += '<table id="worlds"><thead><tr><th>part of the view</th><th>with ' + esc(w.attacker) + '</th><th>without</th></tr></thead><tbody>';
      w.parts.forEach(function (p) {
        h += '<tr class="' + (p.differs ? 'differs' : '') + '"><td>' + esc(p.part) + '</td><td>' + esc(p.withAttacker) + '</td><td>' + esc(p.without) + '</td></tr>';
      });
      h += '</tbody></table>';
    }
    $('breach-body').innerHTML = h;
  }

  function renderSteps() {
    var s = steps();
    var v = breach() && breach().trace ? breach().trace.violationAt : -1;
    var h = '';
    for (var i = 0; i < s.length; i++) {
      h += '<li data-step="' + i + '" class="' + (i === v ? 'violation' : '') + (s[i].role === 'attacker' ? ' attacker' : '') + '">' + esc(s[i].atText) + ' — ' + esc(s[i].event) + (s[i].role ? ' [' + esc(s[i].role) + ']' : '') + '</li>';
    }
    $('step-list').innerHTML = h || '<li class="muted">no trace: a configuration finding</li>';
  }

  function show(i) {
    var s = steps();
    if (s.length === 0) { cur.step = -1; $('step-detail').innerHTML = ''; $('step-pos').textContent = '0 / 0'; follow(); return; }
    i = Math.max(0, Math.min(s.length - 1, i));
    cur.step = i;
    var st = s[i];
    var h = '<p class="ev"><b>Step ' + (i + 1) + '</b> at ' + esc(st.atText) + ': ' + esc(st.event) + (st.role ? ' <span class="muted">[' + esc(st.role) + ']</span>' : '') + '</p>';
    h += '<h4>What the hypervisor did</h4><ul class="did">' + (st.did.length ? st.did.map(function (d) { return '<li>' + esc(d) + '</li>'; }).join('') : '<li class="muted">nothing</li>') + '</ul>';
    h += '<h4>What changed</h4>';
    if (st.changes.length === 0 && st.writes.length === 0) h += '<p class="muted">no change in the state</p>';
    if (st.changes.length) {
      h += '<table class="changes"><thead><tr><th>state</th><th>before</th><th>after</th></tr></thead><tbody>';
      st.changes.forEach(function (c) { h += '<tr><td>' + esc(c.key) + '</td><td>' + esc(c.before || '—') + '</td><td>' + esc(c.after || '—') + '</td></tr>'; });
      h += '</tbody></table>';
    }
    if (st.writes.length) h += '<ul class="writes">' + st.writes.map(function (w) { return '<li>' + esc(w) + '</li>'; }).join('') + '</ul>';
    if (st.verdictText) h += '<p id="verdict" class="verdict v-' + esc(st.verdict || 'none') + '">' + esc(st.verdictText) + '</p>';
    $('step-detail').innerHTML = h;
    $('step-pos').textContent = (i + 1) + ' / ' + s.length;
    var lis = $('step-list').children;
    for (var k = 0; k < lis.length; k++) lis[k].classList.toggle('cur', k === i);
    if (lis[i] && lis[i].scrollIntoView) lis[i].scrollIntoView({ block: 'nearest' });
    follow();
  }

  // The map and the schedule follow the step: marks of this trace up to the current step.
  function follow() {
    for (var i = 0; i < shown.length; i++) shown[i].style.display = 'none';
    shown = [];
    var ms = marks[String(cur.trace)] || [];
    for (var j = 0; j < ms.length; j++) {
      var m = ms[j];
      var at = m.getAttribute('data-step');
      if (at === null || Number(at) <= cur.step) {
        m.style.display = '';
        m.classList.toggle('now', at !== null && Number(at) === cur.step);
        shown.push(m);
      }
    }
    // Bring the current step's reach (or the finding's mark) into the map's view, within the map's own scroll box.
    var box = $('memmap-box');
    var focus = null;
    for (var f = 0; f < shown.length && !focus; f++) if (shown[f].classList.contains('now') || shown[f].classList.contains('finding')) focus = shown[f].querySelector('rect, path') || shown[f];
    if (box && focus) {
      var br = box.getBoundingClientRect(), fr = focus.getBoundingClientRect();
      if (fr.left < br.left + 180 || fr.right > br.right) box.scrollLeft += fr.left - br.left - 170 - (box.clientWidth - 170) / 2;
      if (fr.top < br.top || fr.bottom > br.bottom) box.scrollTop += fr.top - br.top - box.clientHeight / 2;
    }
    var s = steps()[cur.step];
    var g = $('gantt');
    var c = $('gantt-cursor');
    if (g && c && s) {
      var hz = Number(g.getAttribute('data-horizon'));
      var w = Number(g.getAttribute('width'));
      var x = 90 + (Math.min(s.at, hz) / hz) * (w - 100);
      c.setAttribute('x1', x); c.setAttribute('x2', x);
    }
  }

  function selectTrace(k) {
    cur.trace = k;
    renderBreach();
    renderSteps();
    show(0);
  }
  function jumpViolation() {
    var b = breach();
    if (b && b.trace && b.trace.violationAt >= 0) show(b.trace.violationAt);
  }
  $('btn-first').addEventListener('click', function () { show(0); });
  $('btn-prev').addEventListener('click', function () { show(cur.step - 1); });
  $('btn-next').addEventListener('click', function () { show(cur.step + 1); });
  $('btn-last').addEventListener('click', function () { show(steps().length - 1); });
  $('btn-violation').addEventListener('click', jumpViolation);
  $('step-list').addEventListener('click', function (ev) {
    var li = ev.target.closest('li[data-step]');
    if (li) show(Number(li.getAttribute('data-step')));
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.target && (ev.target.tagName === 'INPUT' || ev.target.tagName === 'TEXTAREA')) return;
    var k = ev.key;
    if (k === 'ArrowRight' || k === 'j' || k === 'n') show(cur.step + 1);
    else if (k === 'ArrowLeft' || k === 'k' || k === 'p') show(cur.step - 1);
    else if (k === 'Home') show(0);
    else if (k === 'End') show(steps().length - 1);
    else if (k === 'v') jumpViolation();
    else if (k === 'Escape') $('source').hidden = true;
    else if (k === ']' ) selectTrace(Math.min(data.breaches.length - 1, cur.trace + 1));
    else if (k === '[') selectTrace(Math.max(0, cur.trace - 1));
    else return;
    ev.preventDefault();
  });
  // explore.html#<property> (the safety-case report links so) opens that property's breach.
  var wanted = decodeURIComponent(location.hash.slice(1));
  var at = 0;
  for (var q = 0; q < data.breaches.length; q++) if (data.breaches[q].property === wanted) at = q;
  selectTrace(at);
  window.addEventListener('hashchange', function () {
    var h = decodeURIComponent(location.hash.slice(1));
    for (var q = 0; q < data.breaches.length; q++) if (data.breaches[q].property === h) selectTrace(q);
  });
  document.body.setAttribute('data-ready', '1');
})();
`;
