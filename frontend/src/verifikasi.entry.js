// The verify page (/v/<token>/): before the captcha, check the signed payload after "#" in
// the scanned URL and tell in words what it proves. The texts are the page's own <template>
// elements (translated by the server); this script only chooses one and fills in the facts.
// Without a payload (an older card, a link typed by hand) it shows nothing.
import { formatNip, fragmentFromUrl, loadVerifierData, verifyCard } from "./verifier.js";

export * from "./verifier.js";

const box = typeof document === "undefined" ? null : document.querySelector("[data-offline-verdict]");
if (box) show(box).catch(() => fill(box, "TIDAK_DAPAT_DIPERIKSA", null, null));

async function show(box) {
  const digits = fragmentFromUrl(window.location.href);
  if (digits === null) return;
  fill(box, "MEMERIKSA", null, null);
  const data = await loadVerifierData(fetch, { jwksUrl: box.dataset.jwks, statusUrl: box.dataset.statusList });
  const result = await verifyCard(digits, data);
  fill(box, result.verdict, result.claims, result.statusAsOf);
}

function fill(box, verdict, claims, statusAsOf) {
  const template = document.querySelector(`template[data-verdict="${verdict}"]`);
  const view = template.content.cloneNode(true);
  const lang = document.documentElement.lang || "id";
  const texts = {
    name: claims?.fullName,
    nip: claims && formatNip(claims.nip),
    "asn-type": claims?.asnType,
    agency: claims?.agency || "—",
    "card-number": claims?.cardNumber,
  };
  for (const [name, text] of Object.entries(texts)) {
    view.querySelectorAll(`[data-slot="${name}"]`).forEach((el) => (el.textContent = text ?? ""));
  }
  const times = { "valid-until": [claims?.expiresAt, false], "status-as-of": [statusAsOf, true] };
  for (const [name, [date, withTime]] of Object.entries(times)) {
    view.querySelectorAll(`[data-slot="${name}"]`).forEach((el) => {
      if (!date) return;
      const time = document.createElement("time");
      time.dateTime = date.toISOString();
      time.textContent = wibDate(date, lang, withTime);
      el.replaceWith(time);
    });
  }
  // A status time shown only when the list could be used; otherwise the "not checked" words.
  view.querySelectorAll("[data-when-status]").forEach((el) => {
    el.hidden = (el.dataset.whenStatus === "known") !== (statusAsOf != null);
  });
  view.querySelectorAll("[data-pppk]").forEach((el) => {
    if (claims?.asnType === "PPPK") el.textContent = el.dataset.pppk;
  });
  box.replaceChildren(view);
}

/** "29 November 2026" or, with the time, "29 November 2026, 14.05 WIB", as the server writes. */
function wibDate(date, lang, withTime = false) {
  const options = { timeZone: "Asia/Jakarta", day: "numeric", month: "long", year: "numeric" };
  if (withTime) Object.assign(options, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const locale = lang.startsWith("en") ? "en-GB" : "id-ID";
  const part = Object.fromEntries(new Intl.DateTimeFormat(locale, options).formatToParts(date).map((p) => [p.type, p.value]));
  const day = `${part.day} ${part.month} ${part.year}`;
  return withTime ? `${day}, ${part.hour}.${part.minute} WIB` : day;
}
