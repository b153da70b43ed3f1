// Puente's service worker (puente/monitoring/offline.py): keeps the round surveys a person opened,
// and the static files they need, so that they open again without a connection. Pages are asked
// of the network first and taken from the cache only when it fails; nothing else is touched.
"use strict";
var CONFIG = {{ config }};
var CACHE = "puente-surveys-" + CONFIG.version;
var SURVEY = /^\/p\/[^/]+\/monitoring\/rounds\/\d+\/answer\/$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.assets); })
      .then(function () { return self.skipWaiting(); })
  );
});

// A new version (a deploy) drops the caches of the old one.
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("puente-surveys-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keep(request, response) {
  if (!response.ok || response.redirected || response.type !== "basic") { return; }
  var copy = response.clone();
  return caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  // Signing out forgets the surveys kept on this phone (they hold the person's answers).
  if (request.method === "POST" && url.pathname === CONFIG.logout) {
    event.respondWith(caches.delete(CACHE).then(function () { return fetch(request); }));
    return;
  }
  if (request.method !== "GET") { return; }
  var survey = request.mode === "navigate" && SURVEY.test(url.pathname);
  if (!survey && url.pathname.indexOf(CONFIG.static) !== 0) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      event.waitUntil(Promise.resolve(keep(request, response)));
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (found) {
        return found || Response.error();
      });
    })
  );
});

// The survey page asks to keep itself and what it loads (it was opened before this worker
// controlled it, so its own requests went past), and answers "cached" when done.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache" || !Array.isArray(data.urls)) { return; }
  var source = event.source;
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(data.urls.map(function (address) {
        var url = new URL(address, self.location.href);
        if (url.origin !== self.location.origin) { return null; }
        return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) { return cache.put(url.href, response); }
        }).catch(function () { return null; });
      }));
    }).then(function () {
      if (source) { source.postMessage({ type: "cached" }); }
    })
  );
});

// Background Sync: the connection is back. The outbox lives in the page's storage, which a
// worker cannot read, so the open survey pages are asked to send it (a page opened later sends
// it on load).
self.addEventListener("sync", function (event) {
  if (event.tag !== "puente-outbox") { return; }
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then(function (clients) {
      clients.forEach(function (client) { client.postMessage({ type: "flush" }); });
    })
  );
});
