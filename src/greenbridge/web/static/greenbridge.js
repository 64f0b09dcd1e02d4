// greenbridge pages: upload with progress, the dashboard map, the cooperation network.
// Everything here comes from /static (no external hosts); data comes from the JSON API.
(function () {
  "use strict";
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function text(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  function setupUpload() {
    const form = document.getElementById("upload-form");
    if (!form) return;
    const bar = document.getElementById("upload-progress");
    const state = document.getElementById("upload-state");
    const list = document.getElementById("upload-results");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-CSRF-Token", csrf());
      xhr.setRequestHeader("Accept", "application/json");
      bar.hidden = false; bar.value = 0; state.textContent = "uploading…"; list.replaceChildren();
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
        if (e.loaded === e.total) state.textContent = "analysing (extraction and linking)…";
      });
      xhr.addEventListener("load", () => {
        bar.value = 100;
        let rows = [];
        try { rows = JSON.parse(xhr.responseText); } catch (err) { rows = null; }
        if (xhr.status !== 200 || !Array.isArray(rows)) {
          state.textContent = "Upload failed: " + ((rows && rows.detail) || xhr.status);
          return;
        }
        state.textContent = rows.filter((r) => r.status !== "failed").length + " of " + rows.length + " file(s) stored";
        for (const r of rows) {
          const li = text("li", "", r.status);
          li.append(text("strong", r.name + ": "), text("span", r.status + (r.message ? " — " + r.message : "")));
          if (r.language) li.append(text("span", " " + r.language, "tag"));
          if (r.document_id) {
            const a = text("a", " open document " + r.document_id);
            a.href = "/documents/" + r.document_id;
            li.append(a);
          }
          list.append(li);
        }
      });
      xhr.addEventListener("error", () => { state.textContent = "The upload did not reach the server."; });
      xhr.send(new FormData(form));
    });
  }

  async function setupMap() {
    const el = document.getElementById("map");
    if (!el || !window.d3 || !window.topojson) return;
    const [atlas, data] = await Promise.all([
      fetch(el.dataset.atlas).then((r) => r.json()),
      fetch(el.dataset.source, { headers: { Accept: "application/json" } }).then((r) => r.json()),
    ]);
    const counts = new Map(data.countries.filter((c) => c.numeric).map((c) => [c.numeric, c]));
    const max = Math.max(1, ...[...counts.values()].map((c) => c.count));
    const width = 960, height = 480;
    const svg = d3.select(el).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("width", "100%");
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const colour = d3.scaleSequential([0, Math.log1p(max)], d3.interpolateGreens);
    const shapes = topojson.feature(atlas, atlas.objects.countries).features;
    svg.append("g").selectAll("path").data(shapes).join("path")
      .attr("d", path)
      .attr("fill", (d) => (counts.has(d.id) ? colour(Math.log1p(counts.get(d.id).count) + 0.4) : "#e6ebe8"))
      .attr("data-code", (d) => (counts.has(d.id) ? counts.get(d.id).code : null))
      .on("click", (event, d) => {
        if (counts.has(d.id)) window.location.href = "/entities?country=" + encodeURIComponent(counts.get(d.id).code);
      })
      .append("title").text((d) => d.properties.name + (counts.has(d.id) ? ": " + counts.get(d.id).count : ""));
  }

  function setupNetwork() {
    const el = document.getElementById("network");
    const form = document.getElementById("network-filter");
    if (!el || !window.cytoscape) return;
    const draw = async () => {
      const params = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (v) params.set(k, v);
      const data = await fetch(el.dataset.source + "?" + params, { headers: { Accept: "application/json" } }).then((r) => r.json());
      document.getElementById("network-count").textContent = data.nodes.length + " nodes, " + data.edges.length + " links";
      const cy = cytoscape({
        container: el,
        elements: [
          ...data.nodes.map((n) => ({ data: { ...n } })),
          ...data.edges.map((e) => ({ data: { ...e } })),
        ],
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 9, "background-color": "#1f6f4a", width: 14, height: 14, color: "#1d2522", "text-wrap": "ellipsis", "text-max-width": 120 } },
          { selector: 'node[kind = "country"]', style: { shape: "round-rectangle", "background-color": "#3b55c4" } },
          { selector: "edge", style: { width: 1.2, "line-color": "#9fb5aa", "curve-style": "bezier", "target-arrow-shape": "triangle", "target-arrow-color": "#9fb5aa", "arrow-scale": 0.6 } },
          { selector: 'edge[type = "cooperates_with"]', style: { "line-color": "#d49a00", "target-arrow-color": "#d49a00" } },
        ],
        layout: { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 70 },
      });
      cy.on("tap", "node", (evt) => { const id = evt.target.data("entity_id"); if (id) window.location.href = "/entities/" + id; });
    };
    form.addEventListener("submit", (e) => { e.preventDefault(); draw(); });
    draw();
  }

  // A button with data-confirm asks before its form is sent (retracting, for instance).
  function setupConfirm() {
    document.addEventListener("click", (event) => {
      const button = event.target.closest("[data-confirm]");
      if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  }

  // The fact queue by keyboard: j/k move between rows, a accept, r reject, f open the fix.
  function setupFactKeys() {
    const rows = Array.from(document.querySelectorAll("#fact-queue li.fact"));
    if (!rows.length) return;
    let at = 0;
    const select = (i) => {
      at = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach((row, n) => row.classList.toggle("current", n === at));
      rows[at].focus({ preventScroll: false });
    };
    select(0);
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target.closest("input, select, textarea")) return;
      const key = event.key;
      if (key === "j") { select(at + 1); return; }
      if (key === "k") { select(at - 1); return; }
      const target = rows[at].querySelector('[data-key="' + key + '"]');
      if (!target) return;
      event.preventDefault();
      if (key === "f") { target.parentElement.open = true; rows[at].querySelector("select").focus(); }
      else target.click();
    });
  }

  document.addEventListener("DOMContentLoaded", () => { setupUpload(); setupMap(); setupNetwork(); setupConfirm(); setupFactKeys(); });
})();
