// zfnet serve: a channel's top-9 from a mined set, under the explorer's projection. Hooks into app.js without
// changing it: when the channel text changes (a channel was clicked), asks /api/topnine for the tap and channel
// that app.js's state holds; shows the figure of the newest kept deconv --top run that mined them, or nothing.
"use strict";

(function () {
  const text = document.getElementById("channelText");
  const projection = document.getElementById("projection");
  if (!text || !projection) { return; }
  const box = document.createElement("div");
  box.id = "topNine"; box.hidden = true;
  const title = document.createElement("h3");
  const img = document.createElement("img");
  img.alt = "the channel's top-9 from a mined set"; img.style.maxWidth = "520px";
  box.append(title, img);
  projection.after(box);
  let asked = "";
  async function show() {
    const s = typeof state === "object" ? state : null; // app.js's state (a global lexical binding)
    if (!s || !s.tap || s.channel === null || s.channel === undefined) { box.hidden = true; return; }
    const key = s.tap + "/" + s.channel;
    if (key === asked) { return; }
    asked = key;
    const r = await fetch("api/topnine?" + new URLSearchParams({ tap: s.tap, channel: s.channel }), { credentials: "same-origin" });
    if (!r.ok || key !== asked) { box.hidden = r.ok ? box.hidden : true; return; }
    const top = await r.json();
    title.textContent = "Top-" + top.k + " of " + s.tap + " channel " + s.channel + " over a mined set (run " + top.run + ")";
    img.src = top.figure;
    box.hidden = false;
  }
  new MutationObserver(() => show().catch(() => { box.hidden = true; })).observe(text, { childList: true, characterData: true, subtree: true });
})();
