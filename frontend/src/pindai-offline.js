// "Pindai Kartu" without network: its service worker (static/js/pindai-sw.js) keeps the page,
// the scripts, the decoder, the JWKS and the status list; the keys and the list are fetched
// network first through it, so they are renewed whenever the device is online.
import { loadVerifierData } from "./verifier.js";

/** Register the worker and ask it to keep everything; resolves true once all is kept. */
export async function keepForOffline(workerUrl, scope, language) {
  if (!("serviceWorker" in navigator) || !window.caches) return false;
  const registration = await navigator.serviceWorker.register(workerUrl, { scope });
  const worker = await activated(registration);
  const answer = await ask(worker, { type: "simpan", bahasa: language });
  return answer.ok === true;
}

function activated(registration) {
  const worker = registration.active || registration.waiting || registration.installing;
  if (worker.state === "activated") return Promise.resolve(worker);
  return new Promise((resolve, reject) => {
    worker.addEventListener("statechange", () => {
      if (worker.state === "activated") resolve(worker);
      if (worker.state === "redundant") reject(new Error("service worker not installed"));
    });
  });
}

function ask(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data || {});
    worker.postMessage(message, [channel.port2]);
  });
}

/** { jwks, statusList, fetchedAt }: fetchedAt is when the server sent the status list (its
 * Date header, kept with the copy), null without a list. `reload` skips the HTTP cache. */
export async function loadData(urls, { reload = false } = {}) {
  let fetchedAt = null;
  const fetchImpl = async (url, init) => {
    const response = await fetch(url, reload ? { ...init, cache: "reload" } : init);
    if (url === urls.statusUrl && response.ok) {
      const date = new Date(response.headers.get("Date") || NaN);
      fetchedAt = Number.isNaN(date.getTime()) ? null : date;
    }
    return response;
  };
  const data = await loadVerifierData(fetchImpl, urls);
  return { ...data, fetchedAt: data.statusList ? fetchedAt : null };
}
