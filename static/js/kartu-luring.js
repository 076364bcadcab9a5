// The card on this phone without network (cards/offline.py, static/js/sw.js): the switch on
// the card page, the stored card on the offline page, and wiping it at logout or when another
// employee logs in on this device.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.caches || !("serviceWorker" in navigator) || !window.crypto.subtle) {
    return;
  }
  var cardUrl = script.dataset.kartu; // /layanan/kartu-asn/
  var user = script.dataset.pengguna; // empty when logged out
  var PREFIX = "kartu-asn-";
  var META = cardUrl + "luring/kartu.json";

  // The cache is named for the user, so one employee's card never shows for another.
  function cacheName(pk) {
    var bytes = new TextEncoder().encode("kartu-asn:" + pk);
    return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
      var hex = Array.from(new Uint8Array(digest), function (b) {
        return b.toString(16).padStart(2, "0");
      });
      return PREFIX + hex.join("").slice(0, 32);
    });
  }

  function removeCaches(keep) {
    return caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf(PREFIX) === 0 && key !== keep;
      }).map(function (key) { return caches.delete(key); }));
    });
  }

  function activeWorker() {
    return navigator.serviceWorker.register(cardUrl + "sw.js", { scope: cardUrl })
      .then(function (registration) {
        var worker = registration.active || registration.waiting || registration.installing;
        if (worker.state === "activated") return worker;
        return new Promise(function (resolve) {
          worker.addEventListener("statechange", function () {
            if (worker.state === "activated") resolve(worker);
          });
        });
      });
  }

  function ask(worker, message) {
    return new Promise(function (resolve, reject) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        (event.data && event.data.ok ? resolve : reject)(event.data);
      };
      worker.postMessage(message, [channel.port2]);
    });
  }

  function tellWorkerToForget() {
    return navigator.serviceWorker.getRegistration(cardUrl).then(function (registration) {
      if (registration && registration.active) {
        return ask(registration.active, { type: "hapus" }).catch(function () {});
      }
    });
  }

  // Logout: the response also sends Clear-Site-Data; this covers browsers that ignore it.
  function wipeAtLogout() {
    var logout = script.dataset.keluar;
    document.querySelectorAll("form").forEach(function (form) {
      if (new URL(form.action, location.href).pathname !== logout) return;
      form.addEventListener("submit", function (event) {
        if (form.dataset.kartuDihapus) return;
        event.preventDefault();
        form.dataset.kartuDihapus = "1";
        var done = function () { form.submit(); };
        Promise.all([removeCaches(null), tellWorkerToForget()]).then(done, done);
      });
    });
  }

  function storedMeta(name) {
    return caches.open(name).then(function (cache) { return cache.match(META); })
      .then(function (response) { return response ? response.json() : null; });
  }

  function cardSwitch(name, data) {
    var teks = data.teks;
    var panel = document.createElement("section");
    panel.className = "panel";
    panel.setAttribute("aria-labelledby", "kartu-ponsel");
    var heading = document.createElement("h2");
    heading.id = "kartu-ponsel";
    heading.textContent = teks.judul;
    var note = document.createElement("p");
    note.className = "muted small";
    note.textContent = teks.penjelasan;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn";
    button.textContent = teks.tombol;
    button.setAttribute("aria-pressed", "false");
    var status = document.createElement("p");
    status.className = "small";
    status.setAttribute("role", "status");
    panel.append(heading, note, button, status);
    document.querySelector("section.unduh").after(panel);

    function show(meta) {
      button.setAttribute("aria-pressed", meta ? "true" : "false");
      status.textContent = meta ? meta.disimpan : teks.dihapus;
      document.documentElement.dataset.kartuLuring = meta ? "tersimpan" : "kosong";
    }
    function store() {
      status.textContent = teks.menyimpan;
      return activeWorker()
        .then(function (worker) { return ask(worker, { type: "simpan", cache: name, data: data }); })
        .then(function (reply) { show(reply.meta); }, function () { status.textContent = teks.gagal; });
    }
    function forget() {
      return Promise.all([removeCaches(null), tellWorkerToForget()]).then(function () { show(null); });
    }
    button.addEventListener("click", function () {
      (button.getAttribute("aria-pressed") === "true" ? forget : store)();
    });
    var installed = window.matchMedia("(display-mode: standalone)").matches;
    return caches.has(name).then(function (kept) {
      if (kept || installed) return store(); // refreshed on every visit, so a change shows
      show(null);
    });
  }

  function onCardPage(name) {
    return fetch(cardUrl + "luring/data.json", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (!data.kartu) return removeCaches(null); // revoked: not kept as if valid
        return cardSwitch(name, data);
      });
  }

  function showStored(page) {
    return caches.keys().then(function (keys) {
      var name = keys.filter(function (key) { return key.indexOf(PREFIX) === 0; })[0];
      if (!name) return;
      return caches.open(name).then(function (cache) {
        return cache.match(META).then(function (response) {
          if (!response) return;
          return response.json().then(function (meta) {
            return Promise.all(meta.sisi.map(function (side) {
              return cache.match(side.simpan).then(function (image) { return image.blob(); })
                .then(function (blob) {
                  var figure = document.createElement("figure");
                  var img = document.createElement("img");
                  img.src = URL.createObjectURL(blob);
                  img.alt = side.label;
                  img.style.width = "100%";
                  img.style.maxWidth = meta.tata_letak === "portrait" ? "360px" : "560px";
                  var caption = document.createElement("figcaption");
                  caption.textContent = side.label;
                  figure.append(img, caption);
                  return figure;
                });
            })).then(function (figures) {
              page.querySelector("[data-sisi]").append.apply(page.querySelector("[data-sisi]"), figures);
              page.querySelector("[data-disimpan]").textContent = meta.disimpan;
              page.querySelector("[data-ada]").hidden = false;
              page.querySelector("[data-kosong]").hidden = true;
              document.documentElement.dataset.kartuLuring = "ditampilkan";
            });
          });
        });
      });
    });
  }

  wipeAtLogout();
  var page = document.querySelector("[data-kartu-tersimpan]");
  if (page) {
    showStored(page);
  } else if (user) {
    cacheName(user).then(function (name) {
      return removeCaches(name).then(function () {
        document.documentElement.dataset.kartuLuringDiperiksa = "1"; // other users' gone
        if (location.pathname === cardUrl && document.querySelector("section.unduh")) {
          return onCardPage(name);
        }
      });
    });
  }
})();
