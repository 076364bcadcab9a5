// The card's signed QR payload, checked in the browser with no network: the digits after "#"
// are a COSE_Sign1 (RFC 9052) Ed25519 signature over a CWT (RFC 8392) of what the card prints,
// written as one big decimal number. The same rules as cards/signing/ on the server.
//
// How a verdict is reached, first match wins:
//   TIDAK_SAH              the text is not our digits, not a COSE_Sign1, not EdDSA, names a key
//                          the loaded JWKS does not hold, or the signature does not match.
//   TIDAK_DAPAT_DIPERIKSA  no key could be loaded at all (the JWKS missing or empty), or the
//                          signature is good but the payload is in a form this code cannot read
//                          (a newer layout version), or the list gives a status it does not know.
//   DICABUT / DIGANTI      a usable status list says revoked (1) / replaced (2).
//   KEDALUWARSA            the signed expiry has passed.
//   SAH                    otherwise. statusAsOf is the list's time, or null when no list could
//                          be used (missing, forged, expired, or too short for the card's index):
//                          the page then says the status could not be checked.
// A key the JWKS does not hold is told apart by reason "unknown-key": a verifier whose JWKS is
// old should fetch it again and ask once more before trusting that answer.
import { ed25519 } from "@noble/curves/ed25519.js";
import { decode, encode, Tag } from "cbor2";

export const JWKS_PATH = "/.well-known/kartu-asn/jwks.json";
export const STATUS_LIST_PATH = "/.well-known/kartu-asn/status";

const COSE_SIGN1_TAG = 18;
const CWT_TAG = 61;
const ALG = 1, KID = 4, TYP = 16; // COSE header parameters
const EDDSA = -8;
const CARD_CLAIM = -65537;
const CLAIMS_VERSION = 1n;
const ISSUED_AT = 6, EXPIRES = 4, STATUS_LIST = 65533;
const STATUS_LIST_TYPE = "application/statuslist+cwt";
const MAX_DIGITS = 4000; // as the server: far more than any card needs
const MAX_LIST_BYTES = 64 << 20; // 2 bits a card: room for 250 million cards
const REVOKED = 1, REPLACED = 2, UNDEFINED_STATUS = 3; // 0 is valid

const CBOR_OPTIONS = {
  preferMap: true,
  rejectDuplicateKeys: true,
  rejectStreaming: true,
  rejectFloats: true,
  rejectSimple: true,
  ignoreGlobalTags: true,
};

class Refused extends Error {}

/** The text after "#" of a scanned card URL (the signed digits on a genuine card), or null. */
export function fragmentFromUrl(url) {
  const text = String(url ?? "");
  const at = text.indexOf("#");
  if (at < 0) return null;
  let fragment = text.slice(at + 1).trim();
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // Left as it is: the verdict on it will be TIDAK_SAH.
  }
  return fragment === "" ? null : fragment;
}

/** The card token in the path /v/<token>/ of a scanned URL, or null. The host is not
 * returned on purpose: a look-alike domain prints the same path, so link to the portal's own. */
export function tokenFromUrl(url) {
  let path;
  try {
    path = new URL(String(url ?? "")).pathname;
  } catch {
    return null;
  }
  const match = /^\/v\/([23456789A-HJKMNP-Z]{10,64})\/?$/.exec(path); // cards.models.TOKEN_ALPHABET
  return match ? match[1] : null;
}

/** A NIP grouped as printed on the card: 19860926 201505 2 001. */
export function formatNip(nip) {
  const m = /^(\d{8})(\d{6})(\d)(\d{3})$/.exec(nip ?? "");
  return m ? `${m[1]} ${m[2]} ${m[3]} ${m[4]}` : nip ?? "";
}

/** The JWKS and the status list from the portal; either is null when it cannot be fetched. */
export async function loadVerifierData(fetchImpl = fetch, { jwksUrl = JWKS_PATH, statusUrl = STATUS_LIST_PATH } = {}) {
  const [jwks, statusList] = await Promise.all([
    fetchOk(fetchImpl, jwksUrl).then((r) => r.json()).catch(() => null),
    fetchOk(fetchImpl, statusUrl).then((r) => r.arrayBuffer()).catch(() => null),
  ]);
  return { jwks, statusList };
}

async function fetchOk(fetchImpl, url) {
  const response = await fetchImpl(url, { credentials: "omit" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response;
}

/** What the card's signed payload proves, as { verdict, claims, statusAsOf, reason }. */
export async function verifyCard(digits, { jwks = null, statusList = null, now = new Date() } = {}) {
  const keys = publicKeys(jwks);
  let message;
  try {
    message = checkedSign1(bytesFromDigits(digits), keys);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    if (error.message === "unknown-key" && keys.size === 0) return answer("TIDAK_DAPAT_DIPERIKSA", null, null, "no-keys");
    return answer("TIDAK_SAH", null, null, error.message);
  }
  const claims = cardClaims(message.payload, message.kid);
  if (claims === null) return answer("TIDAK_DAPAT_DIPERIKSA", null, null, "unreadable-payload");

  const list = await usableStatusList(statusList, keys, now);
  const status = list === null ? null : await statusAt(list.bits, claims.statusIndex);
  const statusAsOf = status === null ? null : list.issuedAt;
  if (status === REVOKED) return answer("DICABUT", claims, statusAsOf, "revoked");
  if (status === REPLACED) return answer("DIGANTI", claims, statusAsOf, "replaced");
  if (status === UNDEFINED_STATUS) return answer("TIDAK_DAPAT_DIPERIKSA", claims, statusAsOf, "unknown-status");
  if (now.getTime() >= claims.expiresAt.getTime()) return answer("KEDALUWARSA", claims, statusAsOf, "expired");
  return answer("SAH", claims, statusAsOf, statusAsOf === null ? "no-status" : "ok");
}

function answer(verdict, claims, statusAsOf, reason) {
  return { verdict, claims, statusAsOf, reason };
}

// ---- COSE_Sign1 ------------------------------------------------------------------------

function bytesFromDigits(digits) {
  const text = String(digits ?? "");
  if (text.length > MAX_DIGITS || !/^[1-9][0-9]*$/.test(text)) throw new Refused("not-digits");
  let hex = BigInt(text).toString(16);
  if (hex.length % 2) hex = "0" + hex;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes;
}

function strictDecode(bytes) {
  try {
    return decode(bytes, CBOR_OPTIONS);
  } catch {
    throw new Refused("malformed");
  }
}

/** { protectedHeader, kid, payload } of a COSE_Sign1 whose EdDSA signature a JWKS key checks. */
function checkedSign1(bytes, keys, extraCheck = () => {}) {
  let item = strictDecode(bytes);
  if (item instanceof Tag && item.tag === CWT_TAG) item = item.contents;
  if (item instanceof Tag) {
    if (item.tag !== COSE_SIGN1_TAG) throw new Refused("malformed");
    item = item.contents;
  }
  if (!Array.isArray(item) || item.length !== 4) throw new Refused("malformed");
  const [protectedBytes, unprotected, payload, signature] = item;
  if (![protectedBytes, payload, signature].every((x) => x instanceof Uint8Array)) throw new Refused("malformed");
  if (!(unprotected instanceof Map)) throw new Refused("malformed");
  const header = protectedBytes.length ? strictDecode(protectedBytes) : new Map();
  if (!(header instanceof Map)) throw new Refused("malformed");
  if (header.get(ALG) !== EDDSA) throw new Refused("algorithm");
  const kid = header.has(KID) ? header.get(KID) : unprotected.get(KID);
  if (!(kid instanceof Uint8Array)) throw new Refused("malformed");
  extraCheck(header);
  const key = keys.get(base64url(kid));
  if (key === undefined) throw new Refused("unknown-key");
  const signed = encode(["Signature1", protectedBytes, new Uint8Array(0), payload]);
  if (!edVerify(signature, signed, key)) throw new Refused("bad-signature");
  return { header, kid, payload };
}

function edVerify(signature, message, publicKey) {
  if (signature.length !== 64) return false;
  try {
    // Strict RFC 8032 (no ZIP-215 leniency), as OpenSSL checks on the server.
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** The JWKS's Ed25519 keys by key id; keys of any other kind are left out. */
function publicKeys(jwks) {
  const keys = new Map();
  const list = jwks && Array.isArray(jwks.keys) ? jwks.keys : [];
  for (const jwk of list) {
    if (!jwk || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.kid !== "string") continue;
    if (jwk.alg !== undefined && jwk.alg !== "EdDSA") continue;
    const x = fromBase64url(jwk.x);
    if (x !== null && x.length === 32) keys.set(jwk.kid, x);
  }
  return keys;
}

function base64url(bytes) {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const raw = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

// ---- The card's claims -----------------------------------------------------------------

function cardClaims(payload, kid) {
  let cwt;
  try {
    cwt = decode(payload, CBOR_OPTIONS);
  } catch {
    return null;
  }
  if (!(cwt instanceof Map)) return null;
  const body = cwt.get(CARD_CLAIM);
  const issued = integer(cwt.get(ISSUED_AT));
  const expires = integer(cwt.get(EXPIRES));
  if (!Array.isArray(body) || body.length !== 7 || issued === null || expires === null) return null;
  const [version, number, name, nip, asnType, agency, index] = body;
  const nipNumber = integer(nip);
  const statusIndex = integer(index);
  if (integer(version) !== CLAIMS_VERSION) return null;
  if (![number, name, asnType, agency].every((x) => typeof x === "string")) return null;
  if (nipNumber === null || nipNumber < 0n || nipNumber >= 10n ** 18n) return null;
  if (statusIndex === null || statusIndex < 0n || statusIndex > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return {
    cardNumber: number,
    fullName: name,
    nip: nipNumber.toString().padStart(18, "0"),
    asnType,
    agency,
    statusIndex: Number(statusIndex),
    issuedAt: new Date(Number(issued) * 1000),
    expiresAt: new Date(Number(expires) * 1000),
    kid: base64url(kid),
  };
}

/** A CBOR integer as a BigInt (cbor2 gives numbers or bigints), or null for anything else. */
function integer(value) {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  return null;
}

// ---- The status list -------------------------------------------------------------------

/** { bits (zlib bytes), issuedAt } of a status list signed by a JWKS key and not expired. */
async function usableStatusList(statusList, keys, now) {
  if (statusList == null) return null;
  const bytes = statusList instanceof Uint8Array ? statusList : new Uint8Array(statusList);
  let claims;
  try {
    const typed = (header) => {
      if (header.get(TYP) !== STATUS_LIST_TYPE) throw new Refused("not-a-status-list");
    };
    claims = decode(checkedSign1(bytes, keys, typed).payload, CBOR_OPTIONS);
  } catch {
    return null;
  }
  if (!(claims instanceof Map)) return null;
  const issued = integer(claims.get(ISSUED_AT));
  const expires = integer(claims.get(EXPIRES));
  const list = claims.get(STATUS_LIST);
  if (issued === null || !(list instanceof Map)) return null;
  if (expires !== null && now.getTime() >= Number(expires) * 1000) return null;
  if (integer(list.get("bits")) !== 2n || !(list.get("lst") instanceof Uint8Array)) return null;
  return { bits: list.get("lst"), issuedAt: new Date(Number(issued) * 1000) };
}

/** The two bits of place `index`, or null when the list is damaged or too short for it. */
async function statusAt(compressed, index) {
  const byte = Math.floor(index / 4);
  let bytes;
  try {
    bytes = await inflate(compressed, byte + 1);
  } catch {
    return null;
  }
  if (bytes.length <= byte) return null;
  return (bytes[byte] >> (2 * (index % 4))) & 0b11;
}

/** The first `wanted` bytes (at least) of zlib data, without inflating more than needed. */
async function inflate(compressed, wanted) {
  const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream("deflate"));
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  try {
    while (length < wanted && length < MAX_LIST_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
