// "Pindai Kartu" (/pindai/): read a card's QR code from the camera or a photo, check its signed
// payload on this device (frontend/src/verifier.js) and tell in words what it proves. The
// words are the page's own <template>s and JSON texts, translated by the server.
import { formatNip, fragmentFromUrl, tokenFromUrl, verifyCard } from "./verifier.js";
import { keepForOffline, loadData } from "./pindai-offline.js";
import { closeCamera, NotAnImage, openCamera, readPhoto, scanVideo, useDecoderAt } from "./pindai-reader.js";

const root = document.querySelector("[data-pindai]");
if (root) start(root);

function start(root) {
  const texts = JSON.parse(document.getElementById("pindai-teks").textContent);
  const language = root.dataset.language || "id";
  const urls = { jwksUrl: root.dataset.jwks, statusUrl: root.dataset.statusList };
  const $ = (selector) => document.querySelector(selector);
  const ui = {
    tools: $("[data-tools]"), start: $("[data-camera-start]"), stop: $("[data-camera-stop]"),
    camera: $("[data-camera]"), video: $("[data-video]"), photo: $("[data-photo]"),
    message: $("[data-message]"), result: $("[data-result]"),
    offlineState: $("[data-offline-state]"), statusTime: $("[data-status-time]"),
  };
  let stream = null;
  let data = refresh();

  useDecoderAt(new URL(root.dataset.wasm, window.location.href).href);
  ui.tools.hidden = false;
  document.querySelector("[data-no-script]").hidden = true;
  const say = (text) => { ui.message.textContent = text || ""; };

  function refresh(options) {
    const loading = loadData(urls, options).catch(() => ({ jwks: null, statusList: null, fetchedAt: null }));
    loading.then((loaded) => {
      if (loaded.fetchedAt || ui.statusTime.hidden) showStatusTime(loaded.fetchedAt);
    });
    return loading;
  }

  // A page left open all day renews the keys and the list when the network returns or the
  // guard comes back to it; the kept ones stay in use until the new ones have arrived.
  function renew() {
    if (!navigator.onLine) return;
    refresh().then((loaded) => {
      if (loaded.jwks) data = Promise.resolve(loaded);
    });
  }
  window.addEventListener("online", renew);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") renew();
  });

  function showStatusTime(when) {
    ui.statusTime.hidden = false;
    ui.statusTime.textContent = when ? texts.statusAsOf.replace("%(waktu)s", wibTime(when, language)) : texts.statusMissing;
  }

  keepForOffline(root.dataset.worker, root.dataset.scope, language).then((kept) => {
    if (!kept) return;
    ui.offlineState.textContent = navigator.onLine ? texts.offlineReady : texts.offlineNow;
    document.documentElement.dataset.pindaiLuring = "siap";
  }, () => {});

  function check(text) {
    return verify(text).catch(() => show("TIDAK_DAPAT_DIPERIKSA", null, null, tokenFromUrl(text)));
  }

  async function verify(text) {
    const digits = fragmentFromUrl(text);
    const token = tokenFromUrl(text);
    if (digits === null) return show(token ? "TANPA_TANDA_TANGAN" : "BUKAN_KARTU", null, null, token);
    say(texts.checking);
    let result = await verifyCard(digits, { ...(await data), now: new Date() });
    if (result.reason === "unknown-key" && navigator.onLine) {
      data = refresh({ reload: true }); // a key newer than the kept JWKS: ask once more
      result = await verifyCard(digits, { ...(await data), now: new Date() });
    }
    say("");
    if (result.statusAsOf) showStatusTime(result.statusAsOf);
    let verdict = result.verdict === "SAH" && !result.statusAsOf ? "SAH_TANPA_STATUS" : result.verdict;
    // Offline, a key this device has not kept yet may be a new genuine key: not checkable here.
    if (result.reason === "unknown-key" && !navigator.onLine) verdict = "TIDAK_DAPAT_DIPERIKSA";
    show(verdict, result.claims, result.statusAsOf, token);
  }

  function show(verdict, claims, statusAsOf, token) {
    const view = document.querySelector(`template[data-verdict="${verdict}"]`).content.cloneNode(true);
    view.querySelectorAll("[data-status-line]").forEach((el) => {
      el.textContent = statusAsOf ? texts.statusAsOf.replace("%(waktu)s", wibTime(statusAsOf, language)) : "";
      el.hidden = !statusAsOf;
    });
    if (claims) view.append(details(claims));
    view.append(nextSteps(token));
    ui.result.replaceChildren(view);
    showConnection();
    ui.result.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  function details(claims) {
    const view = document.querySelector("template[data-details]").content.cloneNode(true);
    const slots = {
      name: claims.fullName, nip: formatNip(claims.nip), "asn-type": claims.asnType,
      agency: claims.agency || "—", "card-number": claims.cardNumber,
      "valid-until": wibDate(claims.expiresAt, language),
    };
    for (const [name, value] of Object.entries(slots)) {
      view.querySelectorAll(`[data-slot="${name}"]`).forEach((el) => { el.textContent = value; });
    }
    view.querySelector("time[data-slot]").dateTime = claims.expiresAt.toISOString();
    if (claims.asnType === "PPPK") view.querySelectorAll("[data-pppk]").forEach((el) => { el.textContent = el.dataset.pppk; });
    return view;
  }

  function nextSteps(token) {
    const view = document.querySelector("template[data-next]").content.cloneNode(true);
    const link = view.querySelector("[data-record-link]");
    // The portal's own record page, never the host printed in the QR (a look-alike domain).
    if (token) link.href = root.dataset.record.replace("TOKEN", token);
    else view.querySelectorAll("[data-when-online], [data-when-offline]").forEach((el) => el.remove());
    view.querySelector("[data-scan-again]").addEventListener("click", () => {
      ui.result.replaceChildren();
      say("");
      ui.photo.value = "";
      ui.start.focus();
    });
    return view;
  }

  function showConnection() {
    const online = navigator.onLine;
    ui.result.querySelectorAll("[data-when-online]").forEach((el) => { el.hidden = !online; });
    ui.result.querySelectorAll("[data-when-offline]").forEach((el) => { el.hidden = online; });
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);

  ui.start.addEventListener("click", async () => {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return say(texts.cameraUnsupported);
    say(texts.cameraOpening);
    ui.result.replaceChildren();
    try {
      stream = await openCamera(ui.video);
    } catch (error) {
      return say(cameraProblem(error, texts));
    }
    const mine = stream;
    ui.camera.hidden = false;
    ui.start.hidden = true;
    ui.stop.focus();
    say(texts.cameraOn);
    let text;
    try {
      text = await scanVideo(ui.video, () => stream === mine);
    } catch {
      text = null;
      say(texts.readerFailed);
    }
    if (stream !== mine) return; // closed by the guard meanwhile
    stopCamera();
    if (text) await check(text);
  });

  function stopCamera() {
    if (stream) closeCamera(ui.video, stream);
    stream = null;
    ui.camera.hidden = true;
    ui.start.hidden = false;
  }

  ui.stop.addEventListener("click", () => {
    stopCamera();
    say(texts.cameraOff);
    ui.start.focus();
  });

  ui.photo.addEventListener("change", async () => {
    const file = ui.photo.files && ui.photo.files[0];
    if (!file) return;
    if (stream) stopCamera();
    ui.result.replaceChildren();
    say(texts.photoReading);
    let text;
    try {
      text = await readPhoto(file);
    } catch (error) {
      return say(error instanceof NotAnImage ? texts.photoUnreadable : texts.readerFailed);
    }
    if (!text) return say(texts.photoNoCode);
    await check(text);
  });
}

function cameraProblem(error, texts) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") return texts.cameraDenied;
  if (name === "NotFoundError" || name === "OverconstrainedError") return texts.cameraMissing;
  return texts.cameraFailed;
}

function parts(date, language, withTime) {
  const options = { timeZone: "Asia/Jakarta", day: "numeric", month: "long", year: "numeric" };
  if (withTime) Object.assign(options, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const locale = language.startsWith("en") ? "en-GB" : "id-ID";
  const list = new Intl.DateTimeFormat(locale, options).formatToParts(date);
  return Object.fromEntries(list.map((part) => [part.type, part.value]));
}

/** "30 November 2026", in Jakarta time. */
function wibDate(date, language) {
  const p = parts(date, language, false);
  return `${p.day} ${p.month} ${p.year}`;
}

/** "30 November 2026, 10.41 WIB", as the portal writes a time everywhere. */
function wibTime(date, language) {
  const p = parts(date, language, true);
  return `${p.day} ${p.month} ${p.year}, ${p.hour}.${p.minute} WIB`;
}
