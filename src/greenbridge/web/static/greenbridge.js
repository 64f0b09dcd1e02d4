// greenbridge pages: upload with progress, a job's live account, the dashboard map, the cooperation network.
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
        if (e.loaded === e.total) state.textContent = "queueing…";
      });
      xhr.addEventListener("load", () => {
        bar.value = 100;
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
        if ((xhr.status !== 202 && xhr.status !== 200) || !body || !body.page) {
          state.textContent = "Upload failed: " + ((body && body.detail) || xhr.status);
          return;
        }
        state.textContent = "queued as job " + body.id;
        window.location.assign(body.page);
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

  // The cooperation network. Its filters are the page's own query (a plain GET form), so a link
  // or a reload keeps them. Labels keep one size on the screen at every zoom; zoomed out, only
  // the best-connected nodes are named so that labels do not cover each other.
  function setupNetwork() {
    const el = document.getElementById("network");
    if (!el || !window.cytoscape) return;
    const LABEL_PX = 12;
    const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => values[k]);
    fetch(el.dataset.source, { headers: { Accept: "application/json" } }).then((r) => r.json()).then((data) => {
      let caption = fill(el.dataset.shown, { nodes: data.nodes.length, links: data.edges.filter((e) => e.type !== "based_in").length });
      if (data.total > data.limit) caption += "; " + fill(el.dataset.capped, { limit: data.limit, total: (data.more ? "> " : "") + data.total });
      if (!data.nodes.length) caption = el.dataset.empty;
      document.getElementById("network-count").textContent = caption;
      const cy = cytoscape({
        container: el,
        elements: [
          // Long names are cut here, not by the renderer's ellipsis (slow at some sizes); hover shows them whole.
          ...data.nodes.map((n) => ({ data: { ...n, short: n.label.length > 30 ? n.label.slice(0, 28) + "…" : n.label } })),
          ...data.edges.map((e) => ({ data: { ...e } })),
        ],
        style: [
          { selector: "node", style: { "background-color": "#1f6f4a", width: 14, height: 14, color: "#1d2522", "text-wrap": "none", "text-valign": "bottom", "text-margin-y": 2, "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1, "min-zoomed-font-size": 0 } },
          { selector: "node.named", style: { label: "data(short)" } },
          { selector: "node.hovered", style: { label: "data(label)", "z-index": 10 } },
          { selector: 'node[kind = "country"]', style: { shape: "round-rectangle", "background-color": "#3b55c4", width: 18, height: 18, "font-weight": "bold" } },
          { selector: "edge", style: { width: 1.2, "line-color": "#9fb5aa", "curve-style": "bezier", "target-arrow-shape": "triangle", "target-arrow-color": "#9fb5aa", "arrow-scale": 0.6 } },
          { selector: 'edge[type = "cooperates_with"]', style: { "line-color": "#d49a00", "target-arrow-color": "#d49a00" } },
          { selector: 'edge[type = "based_in"]', style: { "line-color": "#8a9bd6", "line-style": "dashed", "target-arrow-shape": "none", width: 1 } },
        ],
        layout: { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 70 },
      });
      const ranked = cy.nodes().sort((a, b) => b.degree() - a.degree());
      const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
      // Labels keep one size on the screen; a label that would cover a better-connected node's
      // label is left out (the node keeps its name on hover and when selected).
      const relabel = () => {
        const zoom = cy.zoom();
        cy.nodes().style({ "font-size": LABEL_PX / zoom, "text-margin-y": 2 / zoom, "text-background-padding": 1 / zoom });
        cy.nodes().addClass("named");
        const kept = [];
        const quiet = [];
        ranked.forEach((n) => {
          const box = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
          if (n.selected() || n.hasClass("hovered") || !kept.some((k) => overlaps(k, box))) kept.push(box);
          else quiet.push(n);
        });
        cy.batch(() => quiet.forEach((n) => n.removeClass("named")));
      };
      // Labels are placed after the zoom or hover is over, once per frame at most, never while
      // the renderer is still handling the event.
      let pending = 0;
      const later = () => { if (!pending) pending = setTimeout(() => { pending = 0; relabel(); el.dataset.zoom = String(cy.zoom()); }, 30); };
      cy.on("mouseover", "node", (evt) => { evt.target.addClass("hovered named"); });
      cy.on("mouseout", "node", (evt) => { evt.target.removeClass("hovered"); later(); });
      relabel();
      cy.on("zoom", later);
      cy.on("select unselect", "node", later);
      cy.on("tap", "node", (evt) => { const id = evt.target.data("entity_id"); if (id) window.location.href = "/entities/" + id; });
      el.cy = cy;
      el.dataset.ready = "true";
    });
  }

  // A button with data-confirm asks before its form is sent (retracting, for instance).
  // A job's page: its account polled every 500 ms from /api/jobs/ID until it is over.
  function setupJob() {
    const section = document.getElementById("job");
    if (!section) return;
    const over = (s) => s === "done" || s === "cancelled";
    const found = (c) => c ? (c.entities || 0) + " entities, " + (c.relations || 0) + " relations, " + (c["for review"] || 0) + " for review" : "";
    const show = (job) => {
      section.dataset.state = job.state;
      document.getElementById("job-state").textContent = job.state;
      document.getElementById("job-done").textContent = job.done + " of " + job.total + " done";
      document.getElementById("job-counts").textContent = Object.keys(job.counts).sort().map((k) => job.counts[k] + " " + k).join(", ");
      const bar = document.getElementById("job-progress");
      bar.max = job.total || 1; bar.value = job.done;
      const cancel = document.getElementById("job-cancel");
      if (cancel && over(job.state)) cancel.closest("form").remove();
      for (const f of job.files) {
        const row = section.querySelector('tr[data-position="' + f.position + '"]');
        if (!row) continue;
        row.className = f.state;
        row.querySelector(".state").textContent = f.state + (f.attempts > 1 ? " (attempt " + f.attempts + ")" : "");
        row.querySelector(".found").textContent = found(f.counts);
        row.querySelector(".reason").textContent = f.message + (f.unextracted ? "stored without extraction: " + f.unextracted : "");
        const cell = row.querySelector(".document");
        if (f.document_id && !cell.querySelector("a")) {
          const a = text("a", "document " + f.document_id);
          a.href = "/documents/" + f.document_id;
          cell.append(a);
        }
      }
    };
    const poll = async () => {
      if (over(section.dataset.state)) return;
      try {
        const r = await fetch("/api/jobs/" + section.dataset.job, { headers: { Accept: "application/json" } });
        if (r.ok) show(await r.json());
      } catch (err) { /* the server is restarting: try again */ }
      window.setTimeout(poll, 500);
    };
    poll();
  }

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

  document.addEventListener("DOMContentLoaded", () => { setupUpload(); setupJob(); setupMap(); setupNetwork(); setupConfirm(); setupFactKeys(); });
})();
