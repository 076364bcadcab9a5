// Service worker of the card pages, served as /layanan/kartu-asn/sw.js (cards/offline.py) so
// that its scope is those pages only. It keeps the holder's card for use without network, and
// only when the card page asks (static/js/kartu-luring.js): the card files are sent no-store,
// so they are fetched and put into Cache Storage here, in a cache named for the user.
"use strict";

var PREFIX = "kartu-asn-";
var SCOPE = new URL("./", self.location).pathname;
var OFFLINE_PAGE = SCOPE + "luring/";
var META = SCOPE + "luring/kartu.json";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function removeCaches(keep) {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(PREFIX) === 0 && key !== keep;
    }).map(function (key) { return caches.delete(key); }));
  });
}

function fetchOk(url, init) {
  return fetch(url, init).then(function (response) {
    if (!response.ok || response.redirected) throw new Error(url + ": " + response.status);
    return response;
  });
}

// The sides are fetched first and put only when all arrived, the record of what is kept last:
// a stored card is always whole.
function storeCard(cache, card) {
  return Promise.all(card.sisi.map(function (side) {
    return fetchOk(side.url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.blob(); });
  })).then(function (blobs) {
    var sides = card.sisi.map(function (side, i) {
      return { nama: side.nama, label: side.label, simpan: OFFLINE_PAGE + side.nama + ".png",
               blob: blobs[i] };
    });
    return Promise.all(sides.map(function (side) {
      var headers = { "Content-Type": "image/png" };
      return cache.put(side.simpan, new Response(side.blob, { headers: headers }));
    })).then(function () {
      var meta = {
        versi: card.versi, tata_letak: card.tata_letak, disimpan: card.disimpan,
        disimpan_pada: card.disimpan_pada,
        sisi: sides.map(function (s) { return { nama: s.nama, label: s.label, simpan: s.simpan }; }),
      };
      var headers = { "Content-Type": "application/json" };
      return cache.put(META, new Response(JSON.stringify(meta), { headers: headers }))
        .then(function () { return meta; });
    });
  });
}

function store(name, data) {
  return removeCaches(name).then(function () { return caches.open(name); }).then(function (cache) {
    // The page without cookies: it must not hold the session's CSRF token or anyone's name.
    var shell = [fetchOk(OFFLINE_PAGE, { credentials: "omit" }).then(function (response) {
      return cache.put(OFFLINE_PAGE, response);
    })].concat(data.aset.map(function (url) {
      return fetchOk(url).then(function (response) { return cache.put(url, response); });
    }));
    return Promise.all(shell).then(function () { return cache.match(META); })
      .then(function (response) { return response ? response.json() : null; })
      .then(function (kept) {
        if (kept && kept.versi === data.kartu.versi) return kept; // unchanged: keep its date
        return storeCard(cache, data.kartu);
      });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  var reply = event.ports[0];
  var work;
  if (message.type === "simpan") {
    work = store(message.cache, message.data);
  } else if (message.type === "hapus") {
    work = removeCaches(null);
  } else {
    return;
  }
  event.waitUntil(work.then(function (meta) {
    if (reply) reply.postMessage({ ok: true, meta: meta || null });
  }, function (error) {
    if (reply) reply.postMessage({ ok: false, error: String(error) });
  }));
});

function stored(url) {
  return caches.keys().then(function (keys) {
    var name = keys.filter(function (key) { return key.indexOf(PREFIX) === 0; })[0];
    return name ? caches.open(name).then(function (cache) { return cache.match(url); }) : null;
  }).then(function (response) { return response || Response.error(); });
}

// Network first, always: online the portal answers as it does without a worker; only when
// the network fails does a page of the card show the stored card.
self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname.indexOf(SCOPE + "unduh/") === 0) return; // downloads go as they are
    event.respondWith(fetch(request).catch(function () { return stored(OFFLINE_PAGE); }));
  } else {
    event.respondWith(fetch(request).catch(function () { return stored(url.pathname); }));
  }
});
