// zfnet serve: the page. Plain JavaScript against the server's JSON and PNG api (/api/...); nothing from the network.
"use strict";

const SHOWN = 336; // pixels the input and projection are drawn at
const state = { model: null, image: null, tap: null, channel: null, grid: null, square: { x: 0, y: 0 }, busy: false, again: false };
const $ = (id) => document.getElementById(id);

async function api(path) {
  const r = await fetch(path, { credentials: "same-origin" });
  if (!r.ok) { throw new Error((await r.text()).trim() || r.status + " " + r.statusText); }
  return r.headers.get("content-type").startsWith("application/json") ? r.json() : r.blob();
}
function q(params) { return new URLSearchParams(params).toString(); }
function showError(e) { $("error").textContent = e ? String(e.message || e) : ""; }
function inputSide() { return state.model.input[2]; }
function scale() { return SHOWN / inputSide(); }

async function init() {
  try {
    state.model = await api("api/model");
    $("model").textContent = state.model.name + " — " + state.model.weights;
    const maps = state.model.taps.filter((t) => t.windowed);
    for (const t of maps) { $("tap").add(new Option(t.name + " [" + t.shape.join("×") + "]", t.name)); }
    state.tap = maps.length ? maps[maps.length - 1].name : null;
    $("tap").value = state.tap;
    const side = inputSide();
    $("size").max = side; $("size").value = Math.round(side * 48 / 224);
    await listImages();
    if ($("images").options.length) { $("images").selectedIndex = 0; await pick($("images").value); }
  } catch (e) { showError(e); }
}

async function listImages(select) {
  const images = await api("api/images");
  const list = $("images");
  list.innerHTML = "";
  for (const i of images) { list.add(new Option(i.name + " (" + i.kind + ")", i.id)); }
  if (select) { list.value = select; }
}

async function pick(id) {
  state.image = id; state.channel = null;
  $("analysesLink").href = "plugins.html?" + q({ image: id }); // the analyses page starts with this image picked
  showError(null);
  $("input").src = "api/input.png?" + q({ image: id });
  $("field").hidden = true;
  $("projection").removeAttribute("src");
  $("channelText").textContent = "Click a channel.";
  try {
    const top = await api("api/classes?" + q({ image: id, k: 5 }));
    $("top5").innerHTML = "";
    for (const c of top) {
      const li = document.createElement("li");
      li.textContent = c.name + " " + (100 * c.probability).toFixed(1) + "%";
      $("top5").appendChild(li);
    }
    await showGrid();
    await probe();
  } catch (e) { showError(e); }
}

async function showGrid() {
  if (!state.tap) { return; }
  const p = { image: state.image, tap: state.tap };
  state.grid = await api("api/activations?" + q(p));
  $("grid").src = "api/activations.png?" + q(p);
  if (state.channel === null) { state.channel = strongest(state.grid.maxima); }
  await project(state.channel);
}

function strongest(maxima) { let b = 0; maxima.forEach((v, i) => { if (v > maxima[b]) { b = i; } }); return b; }

async function project(channel) {
  state.channel = channel;
  const p = { image: state.image, tap: state.tap, channel: channel, rule: $("rule").value };
  try {
    const r = await api("api/projection?" + q(p));
    $("projection").src = "api/projection.png?" + q(p);
    $("channelText").textContent = state.tap + " channel " + channel + ": strongest activation "
      + r.value.toFixed(3) + " at (" + r.y + ", " + r.x + "); its receptive field is drawn on the image";
    const f = r.field, s = scale(), box = $("field");
    Object.assign(box.style, { left: f.left * s + "px", top: f.top * s + "px",
      width: (f.right - f.left) * s + "px", height: (f.bottom - f.top) * s + "px" });
    box.hidden = false;
    await probe();
  } catch (e) { showError(e); }
}

$("grid").addEventListener("click", (ev) => {
  const g = state.grid, img = $("grid");
  if (!g) { return; }
  const x = ev.offsetX * img.naturalWidth / img.clientWidth, y = ev.offsetY * img.naturalHeight / img.clientHeight;
  const col = Math.floor((x - g.pad) / (g.tileWidth + g.pad)), row = Math.floor((y - g.pad) / (g.tileHeight + g.pad));
  const channel = row * g.columns + col;
  if (col >= 0 && col < g.columns && channel >= 0 && channel < g.maxima.length) { project(channel); }
});

// the occluder: one request at a time; a move during a request is sent when it returns
async function probe() {
  if (state.busy) { state.again = true; return; }
  if (state.image === null || state.tap === null || state.channel === null) { return; }
  state.busy = true;
  try {
    do {
      state.again = false;
      const size = Number($("size").value);
      const r = await api("api/occlusion?" + q({ image: state.image, x: state.square.x, y: state.square.y,
        size: size, tap: state.tap, channel: state.channel }));
      $("occClass").textContent = r.className;
      $("occProb").textContent = (100 * r.probability).toFixed(2) + "%";
      $("occTop").textContent = r.topClassName + " " + (100 * r.topProbability).toFixed(1) + "%";
      $("occAct").textContent = r.activation.toFixed(3) + " (" + state.tap + " channel " + state.channel + ")";
      $("occMs").textContent = r.millis.toFixed(0) + " ms";
    } while (state.again);
  } catch (e) { showError(e); } finally { state.busy = false; }
}

function placeOccluder() {
  const size = Number($("size").value), s = scale(), o = $("occluder");
  $("sizeText").textContent = size + " px";
  Object.assign(o.style, { left: state.square.x * s + "px", top: state.square.y * s + "px",
    width: size * s + "px", height: size * s + "px" });
}

function moveOccluder(ev) {
  const rect = $("stage").getBoundingClientRect(), s = scale(), side = inputSide();
  const size = Number($("size").value);
  const x = Math.round((ev.clientX - rect.left) / s - size / 2), y = Math.round((ev.clientY - rect.top) / s - size / 2);
  state.square.x = Math.max(0, Math.min(side - 1, x));
  state.square.y = Math.max(0, Math.min(side - 1, y));
  placeOccluder();
  probe();
}

let dragging = false;
$("occluder").addEventListener("pointerdown", (ev) => { dragging = true; $("occluder").setPointerCapture(ev.pointerId); });
$("occluder").addEventListener("pointermove", (ev) => { if (dragging) { moveOccluder(ev); } });
$("occluder").addEventListener("pointerup", () => { dragging = false; });
$("stage").addEventListener("click", (ev) => { if (ev.target !== $("occluder")) { moveOccluder(ev); } });
$("size").addEventListener("input", () => { placeOccluder(); probe(); });
$("images").addEventListener("change", () => pick($("images").value));
$("tap").addEventListener("change", async () => {
  state.tap = $("tap").value; state.channel = null;
  try { await showGrid(); } catch (e) { showError(e); }
});
$("rule").addEventListener("change", () => { if (state.channel !== null) { project(state.channel); } });
$("upload").addEventListener("change", async () => {
  const file = $("upload").files[0];
  if (!file) { return; }
  try {
    const r = await fetch("api/images?" + q({ name: file.name }), { method: "POST", body: file, credentials: "same-origin" });
    if (!r.ok) { throw new Error((await r.text()).trim()); }
    const entry = await r.json();
    await listImages(entry.id);
    await pick(entry.id);
  } catch (e) { showError(e); }
});

init().then(placeOccluder);
