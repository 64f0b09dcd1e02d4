// The document page: an evidence link opens it at a sentence. `?at=START-END#s-START` is marked
// by the server; a bare `#s-START` link is sent to the marked form, and the mark is scrolled into
// view even when the link had no fragment.
(function () {
  "use strict";
  function showEvidence() {
    const bare = /^#s-(\d+)$/.exec(window.location.hash);
    const params = new URLSearchParams(window.location.search);
    if (bare && !document.getElementById("s-" + bare[1]) && !params.has("at")) {
      const start = Number(bare[1]);
      params.set("at", start + "-" + (start + 1));
      window.location.replace(window.location.pathname + "?" + params + window.location.hash);
      return;
    }
    const mark = document.querySelector("mark.at-evidence[id]");
    if (mark) mark.scrollIntoView({ block: "center" });
  }
  document.addEventListener("DOMContentLoaded", showEvidence);
})();
