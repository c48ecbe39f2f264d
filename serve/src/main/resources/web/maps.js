// zfnet serve: the paper's three occlusion maps (Fig. 7) for the image, channel and square size the page shows,
// computed by the server in the background (/api/occlusion-maps); polled and drawn as they fill in. Uses app.js's
// state and helpers.
"use strict";

const MAP_SIDE = 168; // pixels each map is drawn at
const maps = { key: null, complete: false };

async function pollMaps() {
  if (state.image === null || state.tap === null || state.channel === null) { return; }
  const key = q({ image: state.image, tap: state.tap, channel: state.channel, size: $("size").value });
  if (key === maps.key && maps.complete) { return; }
  const r = await api("api/occlusion-maps?" + key);
  maps.key = key;
  maps.complete = r.done === r.total || Boolean(r.error);
  drawMaps(r);
}

function drawMaps(r) {
  const n = r.positions.length, cell = MAP_SIDE / n;
  const top = Math.max(1e-12, ...r.activation);
  const paint = (id, colour) => {
    const g = $(id).getContext("2d");
    g.clearRect(0, 0, MAP_SIDE, MAP_SIDE);
    for (let i = 0; i < r.done; i++) {
      g.fillStyle = colour(i);
      g.fillRect((i % n) * cell, Math.floor(i / n) * cell, Math.ceil(cell), Math.ceil(cell));
    }
  };
  paint("mapProb", (i) => "hsl(" + (240 - 240 * r.probability[i]) + ", 85%, 50%)");
  paint("mapTop", (i) => r.topClass[i] === r.class ? "#2a6" : "hsl(" + (r.topClass[i] * 137.5) % 360 + ", 60%, 55%)");
  paint("mapAct", (i) => { const v = Math.round(255 * r.activation[i] / top); return "rgb(" + v + "," + v + "," + v + ")"; });
  $("mapsText").textContent = "watching " + r.className + ", square " + r.size + " px: " + r.done + " of " + r.total
    + " positions" + (r.error ? " (" + r.error + ")" : "");
}

setInterval(() => { pollMaps().catch(() => { maps.key = null; }); }, 500);
