// Plauder's service worker: the app starts with its server unreachable, and a new build is
// picked up whole.
//
// Every file but the page has its content's hash or version in its name, so any cached copy of
// such a name is the right one: they are served from the cache, else from the network. The page
// itself names the files of its build: it comes from the network when the server answers in
// time, so a redeploy shows on the next load, and from the cache when it does not. The list
// below changes with every build, which makes the browser install a new worker for it.
//
// Where the browser routes requests itself (Chromium's static routing API), the worker tells it at install
// to answer every request for a file of the build but the page from this build's cache, without starting
// or asking the worker; a file the cache lacks still comes from the network. That spares each file of a
// start a trip through this script. Other browsers go through the fetch handler below, to the same effect.
"use strict";

const CACHE = "plauder-{{ build_id }}";
const FILES = {{ files | tojson }};
const PAGE = new URL("./", self.registration.scope).href;
const PAGE_TIMEOUT_MS = 4000;

function staticRoutes() {
  const path = new URL(PAGE).pathname.replace(/[:*?+(){}\\]/g, "\\$&"); // literal in a URL pattern
  const pattern = (pathname) => new URLPattern({ baseURL: PAGE, pathname });
  const page = { or: [{ requestMode: "navigate" }, { urlPattern: pattern(path) }, { urlPattern: pattern(path + "index.html") }] };
  return [
    { condition: page, source: "fetch-event" },
    { condition: { requestMethod: "GET", urlPattern: pattern(path + "*") }, source: { cacheName: CACHE } },
  ];
}

// Routes are a shortcut: a browser that refuses them installs the worker all the same.
function addStaticRoutes(event) {
  const refused = (error) => console.info("Plauder: no static routes:", error);
  if (!event.addRoutes) return null;
  try {
    return event.addRoutes(staticRoutes()).catch(refused);
  } catch (error) {
    return refused(error);
  }
}

self.addEventListener("install", (event) => {
  const routed = addStaticRoutes(event);
  event.waitUntil(
    Promise.all([routed, caches.open(CACHE).then((cache) => cache.addAll(FILES.map((name) => new URL(name, PAGE).href)))])
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("plauder-") && name !== CACHE).map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

function isPage(request) {
  return request.mode === "navigate" || request.url === PAGE || request.url === PAGE + "index.html";
}

async function fromNetworkOrCache(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request, { cache: "no-cache" }),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), PAGE_TIMEOUT_MS)),
    ]);
    if (response.ok) await cache.put(PAGE + "index.html", response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(PAGE + "index.html");
    if (cached) return cached;
    throw error;
  }
}

async function fromCacheOrNetwork(request) {
  const cached = await caches.match(request);
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(PAGE)) return; // backends: straight to the network
  event.respondWith(isPage(request) ? fromNetworkOrCache(request) : fromCacheOrNetwork(request));
});
