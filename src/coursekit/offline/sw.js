// Service worker of "Save this course for offline use" (coursekit/sphinx_offline.py).
//
// Nothing is registered until a learner chooses to save the course (coursekit-offline.js).
// Then every file listed in offline-manifest.json is stored in one cache per version of the
// book. A version becomes the one served only when all its files are stored (the
// "__complete__" entry), and older versions are deleted after that: pages of two versions are
// never mixed. While online, every page opened asks whether the list changed (a conditional
// request: a few hundred bytes when it has not) and stores a new version the same way.
"use strict";

const COMPLETE = "__complete__";
const BATCH = 6;  // files fetched at a time
let saving = null;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

const root = new URL("./", self.location).href;
// One set of caches per book: the French and Spanish books (fr/, es/) have workers of their
// own, and saving one book must never delete another's copy. "@" ends the book's path, so
// the English book's prefix ("/@") is not the start of the French one's ("/fr/@").
const PREFIX = "coursekit-offline-" + new URL(root).pathname + "@";

async function completeCache() {
  for (const name of (await caches.keys()).filter((n) => n.startsWith(PREFIX))) {
    const cache = await caches.open(name);
    if (await cache.match(root + COMPLETE)) return { name, cache };
  }
  return null;
}

async function tell(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

// Store every file of the manifest's version; then serve it and delete the others.
async function save() {
  const listed = await fetch(root + "offline-manifest.json", { cache: "no-cache" });
  if (!listed.ok) throw new Error(`offline-manifest.json: HTTP ${listed.status}`);
  const manifest = await listed.json();
  const name = PREFIX + manifest.version;
  const done = await completeCache();
  if (done && done.name === name) {
    await tell({ type: "saved", version: manifest.version, files: manifest.files.length, bytes: manifest.bytes });
    return;
  }
  const cache = await caches.open(name);
  let stored = 0;
  for (let i = 0; i < manifest.files.length; i += BATCH) {
    await Promise.all(manifest.files.slice(i, i + BATCH).map(async (file) => {
      const response = await fetch(root + file.path, { cache: "no-store" });
      if (!response.ok) throw new Error(`${file.path}: HTTP ${response.status}`);
      await cache.put(root + file.path, response);
    }));
    stored = Math.min(i + BATCH, manifest.files.length);
    await tell({ type: "progress", stored, files: manifest.files.length });
  }
  await cache.put(root + COMPLETE, new Response(manifest.version));
  for (const other of (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== name)) await caches.delete(other);
  await tell({ type: "saved", version: manifest.version, files: manifest.files.length, bytes: manifest.bytes });
}

// ``quiet``: a check made while the learner reads says nothing if it fails (offline, say).
function saveOnce(quiet) {
  if (!saving) {
    saving = save()
      .catch((error) => quiet || tell({ type: "error", message: String(error && error.message || error) }))
      .finally(() => { saving = null; });
  }
  return saving;
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "save") event.waitUntil(saveOnce(false));
});

function pathOf(request) {
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  if (url.href.endsWith("/")) url.href += "index.html";
  return url.href;
}

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET" || !event.request.url.startsWith(root)) return;
  event.respondWith((async () => {
    const saved = await completeCache();
    const hit = saved && await saved.cache.match(pathOf(event.request));
    if (saved && event.request.mode === "navigate") event.waitUntil(saveOnce(true));  // a newer version?
    return hit || fetch(event.request);
  })());
});
