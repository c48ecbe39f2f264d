// zfnet serve: the analyses page. A form per analysis plugin, built from its options (/api/plugins); a run queued on
// the server (/api/runs), its progress polled, a cancel, and its result: figures, summary, files, the command line.
"use strict";

const POLL_MS = 500;
const LIST_MS = 3000;
const run = { plugins: [], chosen: null, id: null };
const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const init = { credentials: "same-origin" };
  if (body) { init.method = "POST"; init.body = body; }
  const r = await fetch(path, init);
  if (!r.ok) { throw new Error((await r.text()).trim() || r.status + " " + r.statusText); }
  return r.json();
}
function showError(e) { $("runError").textContent = e ? String(e.message || e) : ""; }
function cell(row, tag, text) { const c = document.createElement(tag); c.textContent = text; row.appendChild(c); }

/** The plugins as the container has them now: a jar dropped into or removed from plugins/ shows here. */
async function listPlugins() {
  try {
    run.plugins = await api("api/plugins");
    const ul = $("plugins");
    ul.replaceChildren();
    for (const p of run.plugins) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#" + p.id; a.textContent = p.id; a.title = p.description + " (" + p.bundle + " " + p.version + ")";
      a.className = p.id === run.chosen ? "chosen" : "";
      a.onclick = (e) => { e.preventDefault(); choose(p.id); };
      li.appendChild(a); ul.appendChild(li);
    }
    if (run.chosen && !run.plugins.some((p) => p.id === run.chosen)) {
      $("pluginForm").hidden = true; run.chosen = null; // the plugin went away
    }
  } catch (e) { showError(e); }
}

async function listImages() {
  const images = await api("api/images");
  const wanted = new URLSearchParams(location.search).getAll("image");
  for (const im of images) {
    const o = new Option(im.id + " " + im.name, im.id);
    o.selected = wanted.includes(im.id);
    $("runImages").add(o);
  }
}

/** The form of one plugin, a field per option: numbers with their lower bound, choices, flags, text. */
function choose(id) {
  const p = run.plugins.find((x) => x.id === id);
  if (!p) { return; }
  run.chosen = id;
  $("formTitle").textContent = p.id;
  $("formDescription").textContent = p.description + " (" + p.bundle + " " + p.version + ")";
  $("ownPage").hidden = !p.page;
  if (p.page) { $("ownPageLink").href = p.page; } // a page the plugin registered itself
  const form = $("options");
  form.replaceChildren();
  for (const o of p.options) {
    const label = document.createElement("label");
    label.textContent = "--" + o.name + " ";
    let field;
    if (o.type === "CHOICE") {
      field = document.createElement("select");
      for (const c of o.choices) { field.add(new Option(c, c)); }
      field.value = o.defaultValue;
    } else {
      field = document.createElement("input");
      if (o.type === "FLAG") { field.type = "checkbox"; field.checked = o.defaultValue === "true"; }
      else if (o.type === "INT" || o.type === "FLOAT") {
        field.type = "number"; field.step = o.type === "INT" ? "1" : "any";
        if (o.min !== null && o.min !== undefined) { field.min = o.min; }
      } else { field.type = "text"; }
      if (o.type !== "FLAG" && o.defaultValue !== null) { field.value = o.defaultValue; }
      if (o.defaultValue === null) { field.required = true; }
    }
    field.name = o.name; field.dataset.type = o.type;
    label.appendChild(field);
    const help = document.createElement("span");
    help.className = "help"; help.textContent = o.help;
    label.appendChild(help);
    form.appendChild(label);
  }
  $("pluginForm").hidden = false;
  listPlugins();
}

async function start() {
  showError(null);
  const body = new URLSearchParams({ plugin: run.chosen });
  for (const o of $("runImages").selectedOptions) { body.append("image", o.value); }
  for (const f of $("options").elements) {
    const value = f.dataset.type === "FLAG" ? String(f.checked) : f.value;
    if (value !== "") { body.append("option." + f.name, value); }
  }
  try {
    const status = await api("api/runs", body);
    run.id = status.id;
    $("runResult").hidden = true;
    $("runButton").disabled = true; $("cancelButton").disabled = false;
    poll();
  } catch (e) { showError(e); }
}

/** Follows the run until it ends: the plugin's progress as a bar, then its result or why it failed. */
async function poll() {
  const id = run.id;
  try {
    const s = await api("api/runs/" + id);
    $("runProgress").max = Math.max(1, s.total); $("runProgress").value = s.done;
    $("runState").textContent = s.state + (s.task ? ": " + s.task + " " + s.done + "/" + s.total : "");
    if (s.state === "queued" || s.state === "running") { setTimeout(poll, POLL_MS); return; }
    $("runButton").disabled = false; $("cancelButton").disabled = true;
    if (s.state === "done") { await showResult(s); } else { showError(s.message); }
  } catch (e) { showError(e); $("runButton").disabled = false; }
}

async function cancel() {
  try { await api("api/runs/" + run.id + "/cancel", new URLSearchParams()); } catch (e) { showError(e); }
}

async function showResult(s) {
  const base = "api/runs/" + s.id + "/files/";
  const report = await api(base + "report.json");
  $("runCommand").textContent = s.command;
  const figures = $("figures");
  figures.replaceChildren();
  const names = report.files || {};
  for (const f of s.files.filter((x) => x.name.endsWith(".png"))) {
    const fig = document.createElement("figure");
    const img = document.createElement("img");
    img.src = base + encodeURIComponent(f.name); img.alt = names[f.name] || f.name;
    fig.appendChild(img); cell(fig, "figcaption", names[f.name] || f.name);
    figures.appendChild(fig);
  }
  table($("summary"), Object.entries(report).filter(([k]) => !["analysis", "command", "settings", "files"].includes(k)));
  table($("settings"), Object.entries(report.settings || {}));
  const files = $("files");
  files.replaceChildren();
  for (const f of s.files) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = base + encodeURIComponent(f.name); a.textContent = f.name; a.target = "_blank";
    li.appendChild(a); li.append(" (" + f.bytes + " bytes)");
    files.appendChild(li);
  }
  $("runResult").hidden = false;
}

function table(t, rows) {
  t.replaceChildren();
  for (const [k, v] of rows) {
    const tr = document.createElement("tr");
    cell(tr, "th", k); cell(tr, "td", typeof v === "object" ? JSON.stringify(v) : String(v));
    t.appendChild(tr);
  }
}

$("runButton").onclick = start;
$("cancelButton").onclick = cancel;
listImages().catch(showError);
listPlugins().then(() => { if (location.hash) { choose(location.hash.substring(1)); } });
setInterval(listPlugins, LIST_MS);
