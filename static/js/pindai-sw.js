// Service worker of "Pindai Kartu", served as /pindai/sw.js (verification/scanner.py), which
// puts `self.PINDAI` above this line: the page, its assets, the JWKS and the status list, and
// the cache name. It keeps all of them so that the scanner works without network after one
// visit. Network first, always: online the portal answers as it does without a worker (and
// the copy is renewed); only when the network fails are the kept copies used.
"use strict";

var CONFIG = self.PINDAI;
var PREFIX = "pindai-kartu-";
var KEPT = [CONFIG.page].concat(CONFIG.assets, CONFIG.data);

function fetchOk(url, init) {
  return fetch(url, init).then(function (response) {
    if (!response.ok || response.redirected) throw new Error(url + ": " + response.status);
    return response;
  });
}

// The page is kept as a visitor without cookies sees it (no session, no CSRF token), in the
// language the scanner was last used in.
function pageUrl(language) {
  return CONFIG.page + (language ? "?bahasa=" + encodeURIComponent(language) : "");
}

function keepPage(cache, language) {
  return fetchOk(pageUrl(language), { credentials: "omit", cache: "no-store" })
    .then(function (response) { return cache.put(CONFIG.page, response); });
}

function keepAll(language) {
  return caches.open(CONFIG.cache).then(function (cache) {
    var others = CONFIG.assets.concat(CONFIG.data).map(function (url) {
      return fetchOk(url, { credentials: "omit", cache: "no-cache" })
        .then(function (response) { return cache.put(url, response); });
    });
    return Promise.all([keepPage(cache, language)].concat(others));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(keepAll(null).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(PREFIX) === 0 && key !== CONFIG.cache;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

// The page asks, once it has loaded online: keep the page in its language and anything the
// install could not fetch, then say whether everything is kept (the page then tells the guard
// that the scanner works without network). The JWKS and the list are renewed as the page
// fetches them. One request at a time, in the order asked: the page kept is in the language
// asked last.
var queue = Promise.resolve();

self.addEventListener("message", function (event) {
  var message = event.data || {};
  var reply = event.ports[0];
  if (message.type !== "simpan") return;
  var work = queue.then(function () { return caches.open(CONFIG.cache); }).then(function (cache) {
    var missing = CONFIG.assets.concat(CONFIG.data).map(function (url) {
      return cache.match(url).then(function (found) {
        if (found) return null;
        return fetchOk(url, { credentials: "omit" })
          .then(function (response) { return cache.put(url, response); });
      }).catch(function () {});
    });
    return Promise.all([keepPage(cache, message.bahasa).catch(function () {})].concat(missing));
  }).then(complete);
  queue = work.catch(function () {});
  event.waitUntil(work.then(function (ok) {
    if (reply) reply.postMessage({ ok: ok });
  }, function (error) {
    if (reply) reply.postMessage({ ok: false, error: String(error) });
  }));
});

function complete() {
  return caches.open(CONFIG.cache).then(function (cache) {
    return Promise.all(KEPT.map(function (url) { return cache.match(url); }));
  }).then(function (found) { return found.every(Boolean); });
}

function kept(key) {
  return caches.open(CONFIG.cache).then(function (cache) {
    return cache.match(key, { ignoreSearch: key === CONFIG.page });
  }).then(function (response) { return response || Response.error(); });
}

function networkFirst(request, key, store) {
  return fetch(request).then(function (response) {
    if (store && response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CONFIG.cache).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }).catch(function () { return kept(key); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname !== CONFIG.page) return;
    // Online, the page as the server gives it (with the visitor's session); not kept.
    event.respondWith(networkFirst(request, CONFIG.page, false));
  } else if (KEPT.indexOf(url.pathname) >= 0) {
    event.respondWith(networkFirst(request, url.pathname, true));
  }
});
