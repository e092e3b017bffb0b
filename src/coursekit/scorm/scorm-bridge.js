// SCORM 1.2 bridge of the course package (coursekit/bundles.py, `make scorm`).
//
// scorm.html holds one session with the learning platform (LMS) for the whole course, while
// the learner moves between the book's pages in its frame. The final assessment announces
// its result with a "coursekit:final-result" event; the bridge reports it as the score and
// as passed or failed. Opened outside an LMS (no SCORM API found) the book simply works.
(function () {
  "use strict";

  // The LMS puts its API object on a window above this one (SCORM 1.2 run-time, 3.3.6.1).
  function findApi(start) {
    let win = start;
    for (let depth = 0; win && depth < 10; depth++) {
      try {
        if (win.API) return win.API;
      } catch (error) { /* a window of another origin: look further up */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  const api = findApi(window.parent !== window ? window.parent : null) || (window.opener ? findApi(window.opener) : null);
  let open = false;
  if (api && String(api.LMSInitialize("")) === "true") {
    open = true;
    const status = String(api.LMSGetValue("cmi.core.lesson_status"));
    if (status === "not attempted" || status === "") {
      api.LMSSetValue("cmi.core.lesson_status", "incomplete");
      api.LMSCommit("");
    }
  }

  function report(result) {
    if (!open || !result || !result.total) return;
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.score.raw", String(Math.round((100 * result.right) / result.total)));
    api.LMSSetValue("cmi.core.lesson_status", result.passed ? "passed" : "failed");
    api.LMSCommit("");
  }

  function finish() {
    if (!open) return;
    open = false;
    api.LMSFinish("");
  }

  // Listen on every page the frame shows (the final assessment is one of them).
  const frame = document.getElementById("course");
  function listen() {
    try {
      const doc = frame.contentDocument;
      if (doc && !doc.__coursekitScorm) {
        doc.__coursekitScorm = true;
        doc.addEventListener("coursekit:final-result", (event) => report(event.detail));
      }
    } catch (error) { /* not readable: nothing to report from it */ }
  }
  frame.addEventListener("load", listen);
  listen();
  window.addEventListener("pagehide", finish);
})();
