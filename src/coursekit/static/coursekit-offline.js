// "Save this course for offline use" (coursekit/sphinx_offline.py renders the box).
// Nothing downloads until the learner presses the button: then the service worker (sw.js,
// at the site's root) stores every file of the book, and the book works with no network in
// this browser. The box shows the size first, then the progress and the outcome.
(function () {
  "use strict";

  function init() {
    for (const box of document.querySelectorAll(".ck-save-offline")) {
      if (box.hasAttribute("data-ck-ready")) continue;
      box.setAttribute("data-ck-ready", "");
      const button = box.querySelector(".ck-save-button"), status = box.querySelector(".ck-save-status");
      const say = (text) => { status.textContent = text; };
      const W = JSON.parse(box.querySelector(".ck-data").textContent);
      box.querySelector(".ck-nojs").hidden = true;
      if (location.protocol === "file:") { say(W.on_disk); return; }
      if (!("serviceWorker" in navigator) || !window.caches) { say(W.unsupported); return; }
      button.hidden = false;
      const root = new URL(document.documentElement.dataset.content_root || "./", location.href).href;
      caches.keys().then((names) => {
        // This book's caches only (sw.js names them by the book's path).
        if (names.some((n) => n.startsWith("coursekit-offline-" + new URL(root).pathname + "@"))) say(W.already);
      });
      navigator.serviceWorker.addEventListener("message", (event) => {
        const m = event.data || {};
        if (m.type === "progress") say(W.progress.replace("{stored}", m.stored).replace("{files}", m.files));
        else if (m.type === "saved") { say(W.saved); button.disabled = false; }
        else if (m.type === "error") { say(W.failed.replace("{message}", m.message)); button.disabled = false; }
      });
      button.addEventListener("click", async () => {
        button.disabled = true;
        say(W.starting);
        try {
          await navigator.serviceWorker.register(root + "sw.js");
          const ready = await navigator.serviceWorker.ready;
          ready.active.postMessage({ type: "save" });
        } catch (error) {
          say(W.failed.replace("{message}", String(error && error.message || error)));
          button.disabled = false;
        }
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
