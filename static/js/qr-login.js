// Login page: log this computer in by scanning its QR code with a phone that is already logged in.
// The number beside the QR is the one the phone must pick: it proves the phone's user sees this screen.
// The panel stays hidden without JavaScript and on narrow screens, where there is nothing to scan.
(function () {
  "use strict";
  var panel = document.getElementById("qr-login");
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!panel || !csrf || !window.fetch || !window.matchMedia) return;

  var POLL_MS = 2000;
  var MAX_SILENT_REFRESHES = 5; // an unattended page stops asking for codes after ~8 minutes
  var wide = window.matchMedia("(min-width: 720px)");
  var renew = panel.querySelector("[data-qr-renew]");
  // The code's picture is made here, hidden until the first code arrives.
  var image = document.createElement("img");
  image.className = "qr-login__code";
  image.alt = renew.parentNode.dataset.qrAlt;
  image.hidden = true;
  image.setAttribute("data-qr-image", "");
  renew.parentNode.insertBefore(image, renew);
  var line = panel.querySelector("[data-qr-status]");
  var numberBox = panel.querySelector("[data-qr-number-box]");
  var number = panel.querySelector("[data-qr-number]");
  var timer = null, busy = false, running = false, started = false;
  var silentRefreshes = 0, refreshWhenLeft = 20, notice = false;

  function say(key, sticky) {
    // Refusal and expiry stay on screen until something new happens on the phone.
    if (key === "pending" && notice) return;
    notice = !!sticky;
    line.textContent = panel.dataset["msg" + key.charAt(0).toUpperCase() + key.slice(1)];
    line.classList.toggle("is-notice", notice);
  }

  function post(url) {
    busy = true;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf.value, "Accept": "application/json" },
      body: new URLSearchParams({ next: panel.dataset.next || "" })
    }).then(function (response) {
      busy = false;
      if (!response.ok && response.status !== 429) throw new Error("HTTP " + response.status);
      return response.json();
    }, function (error) { busy = false; throw error; });
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  function stop(key) {
    clearTimeout(timer);
    running = false;
    image.hidden = true;
    numberBox.hidden = true; // a number without its code would only mislead
    renew.hidden = false;
    say(key, true);
  }

  function go(url) {
    clearTimeout(timer);
    running = false;
    say("approved", true);
    window.location.assign(url || "/");
  }

  function newCode(reason) {
    if (busy) return;
    running = true;
    post(panel.dataset.createUrl).then(function (data) {
      if (data.status === "approved") return go(data.redirect);
      if (data.status === "throttled") return stop("throttled");
      refreshWhenLeft = data.refresh_when_left || refreshWhenLeft;
      image.src = data.image;
      image.hidden = false;
      number.textContent = data.number;
      numberBox.hidden = false;
      renew.hidden = true;
      notice = false;
      say(reason || "pending", !!reason);
      schedule(POLL_MS);
    }).catch(function () { stop("error"); });
  }

  function poll() {
    clearTimeout(timer);
    if (busy || !running) return;
    if (document.hidden) return; // picked up again on visibilitychange
    post(panel.dataset.statusUrl).then(function (data) {
      switch (data.status) {
        case "approved": return go(data.redirect);
        case "scanned": say("scanned", false); return schedule(POLL_MS);
        case "pending":
          if (data.expires_in > refreshWhenLeft) { say("pending"); return schedule(POLL_MS); }
          silentRefreshes += 1;
          return silentRefreshes > MAX_SILENT_REFRESHES ? stop("paused") : newCode("");
        case "refused":
        case "mismatch":
        case "expired":
          silentRefreshes = 0;
          return newCode(data.status);
        case "throttled": return schedule((data.retry_after || 5) * 1000);
        default: return newCode(""); // this session has no code (any more)
      }
    }).catch(function () { stop("error"); });
  }

  function start() {
    if (started || !wide.matches) return;
    started = true;
    panel.hidden = false;
    newCode("");
  }

  renew.addEventListener("click", function () {
    silentRefreshes = 0;
    newCode("");
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && running) poll();
  });
  if (wide.addEventListener) wide.addEventListener("change", start);
  start();
})();
