"use strict";
// fiscaldoc review page: cell details on click, n / p through flagged and corrected values,
// accept or retype a value, save the reviewed document as a gold JSON file (a download).
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const cells = data.cells, tables = data.tables;
  const edits = {};                       // cell id -> {number, text}
  const boxes = Array.from(document.querySelectorAll(".box"));
  const boxOf = {};
  boxes.forEach(b => { boxOf[b.dataset.cell] = b; });
  const listed = boxes.filter(b => b.dataset.status === "flagged" || b.dataset.status === "corrected");
  let current = -1, selected = null;

  const esc = s => String(s == null ? "" : s).replace(/[&<>"]/g,
    c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]));

  function counts() {
    const n = {};
    boxes.forEach(b => { if (b.dataset.status !== "text") n[b.dataset.status] = (n[b.dataset.status] || 0) + 1; });
    document.getElementById("counts").innerHTML = Object.keys(n).sort().map(
      k => `<span class="status status-${esc(k)}">${esc(k)} ${n[k]}</span>`).join("");
  }

  function buildList() {
    const ol = document.getElementById("list");
    ol.innerHTML = listed.map((b, i) => {
      const c = cells[b.dataset.cell], t = b.dataset.cell.split(":");
      return `<li data-index="${i}" data-target="${esc(b.dataset.cell)}"><span class="st-${esc(c.status)}">` +
        `${esc(c.status)}</span> ${esc(t[0])} r${t[1]} c${t[2]}: ${esc(c.text)}</li>`;
    }).join("");
    ol.addEventListener("click", e => {
      const li = e.target.closest("li");
      if (li) { current = +li.dataset.index; select(li.dataset.target, true); }
    });
  }

  function clearMarks() {
    document.querySelectorAll(".hl-fail, .hl-pass, .selected").forEach(
      b => b.classList.remove("hl-fail", "hl-pass", "selected"));
    document.querySelectorAll("#list li.current").forEach(li => li.classList.remove("current"));
  }

  function select(id, scroll) {
    const c = cells[id], box = boxOf[id];
    if (!c || !box) return;
    clearMarks();
    selected = id;
    box.classList.add("selected");
    const tid = id.split(":")[0], table = tables[tid];
    const checks = c.checks.map(i => table.checks[i]);
    checks.forEach(k => k.cells.forEach(other => {
      const b = boxOf[other];
      if (b && other !== id) b.classList.add(k.status === "fail" ? "hl-fail" : "hl-pass");
    }));
    const li = document.querySelector(`#list li[data-target="${CSS.escape(id)}"]`);
    if (li) { li.classList.add("current"); current = +li.dataset.index; li.scrollIntoView({block: "nearest"}); }
    if (scroll) box.scrollIntoView({block: "center"});
    showDetail(id, c, table, checks);
  }

  function showDetail(id, c, table, checks) {
    const [tid, r, col] = id.split(":");
    const fix = c.correction;
    const edit = edits[id];
    let h = `<dl><dt>table</dt><dd>${esc(tid)} ${esc(table.title)}</dd>` +
      `<dt>cell</dt><dd>row ${r}, column ${col}${c.key ? " · " + esc(c.key) : ""}</dd>` +
      `<dt>printed</dt><dd class="printed">${esc(c.raw != null ? c.raw : c.text)}</dd>` +
      `<dt>number</dt><dd class="number">${c.number == null ? "—" : esc(c.number)}</dd>` +
      `<dt>status</dt><dd class="status status-${esc(c.status)}">${esc(c.status)}</dd>` +
      `<dt>reason</dt><dd class="reason">${esc(c.reason) || "—"}</dd>`;
    if (fix) h += `<dt>correction</dt><dd class="correction">${esc(fix.before)} → ${esc(fix.after)}` +
      `${fix.reason ? ": " + esc(fix.reason) : ""}</dd>`;
    if (edit) h += `<dt>reviewed</dt><dd class="reviewed-value">${esc(edit.text)}</dd>`;
    h += "</dl>";
    if (checks.length) {
      h += `<ul class="checks">` + checks.map(k => `<li class="${esc(k.status)}">${esc(k.status)}: ` +
        `${esc(k.rule)} (expected ${esc(k.expected == null ? "—" : k.expected)}, found ` +
        `${esc(k.actual == null ? "—" : k.actual)})</li>`).join("") + "</ul>";
    }
    if (c.key) {
      h += `<div class="review"><button type="button" id="accept">Accept</button>` +
        `<input id="right" placeholder="right value" value="${esc(edit ? edit.text : "")}">` +
        `<button type="button" id="set">Set</button></div><div id="msg" class="hint"></div>`;
    }
    document.getElementById("detail").innerHTML = h;
    if (c.key) {
      document.getElementById("accept").onclick = () => review(id, c.number, c.raw);
      document.getElementById("set").onclick = () => {
        const text = document.getElementById("right").value.trim();
        const n = Number(text.replace(/[,，\s]/g, ""));
        if (!text || !isFinite(n)) { document.getElementById("msg").textContent = "not a number"; return; }
        review(id, String(n), text);
      };
    }
  }

  function review(id, number, text) {
    edits[id] = {number: number, text: text};
    boxOf[id].classList.add("reviewed");
    document.getElementById("edits").textContent = `${Object.keys(edits).length} reviewed`;
    select(id, false);
  }

  function step(d) {
    if (!listed.length) return;
    current = current < 0 ? (d > 0 ? 0 : listed.length - 1) : (current + d + listed.length) % listed.length;
    select(listed[current].dataset.cell, true);
  }

  function gold() {
    const doc = JSON.parse(document.getElementById("document-data").textContent);
    for (const id of Object.keys(edits)) {
      const [tid, r, col] = id.split(":"), row = +r, c = +col, e = edits[id];
      const t = doc.tables.find(x => x.id === tid);
      const key = cells[id].key;
      const rec = t && t.records.find(x => x.row === row && x.values[key]);
      if (!rec) continue;
      const v = rec.values[key];
      const n = e.number == null ? null : Number(e.number);
      if (n !== v.number) {
        v.reason = (v.reason ? v.reason + "; " : "") + `reviewed: ${v.raw} is ${e.text}`;
        v.number = n;
        const cell = t.cells.find(x => x.row === row && x.col === c);
        if (cell) cell.text = e.text;
      }
      v.reviewed = true;
    }
    return doc;
  }

  function save() {
    const blob = new Blob([JSON.stringify(gold(), null, 1)], {type: "application/json"});
    const a = document.createElement("a");
    const name = (document.title.replace(/^review · /, "").replace(/\.[^.]*$/, "") || "document");
    a.href = URL.createObjectURL(blob);
    a.download = name + ".gold.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  document.getElementById("pages").addEventListener("click", e => {
    const b = e.target.closest(".box");
    if (b) select(b.dataset.cell, false);
  });
  document.addEventListener("keydown", e => {
    if (e.target.closest("input, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "n") step(1);
    else if (e.key === "p") step(-1);
  });
  document.getElementById("save").addEventListener("click", save);
  counts();
  buildList();
  window.fiscaldocReview = {select: select, gold: gold, edits: edits};
})();
