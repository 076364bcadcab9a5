"""The browser's own verifier of the card QR (frontend/src/verifier.js, as built into
static/js/build/verifikasi.js), run in Chromium against payloads the server signs and forges
made from them, with the JWKS and status list the server publishes."""

import datetime as dt

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.cache import cache
from django.core.management import call_command
from django.templatetags.static import static
from django.utils import timezone

from cards import services, status_list
from cards.models import Card
from cards.signing import card_payload, claims, cose, keys

VERIFY = """async ([module, digits, options]) => {
  const v = await import(module);
  const noStore = (url, init) => fetch(url, { ...init, cache: "no-store" });
  const served = await v.loadVerifierData(noStore);
  const jwks = options.jwks === undefined ? served.jwks : options.jwks;
  const statusList = options.statusList === undefined
    ? served.statusList : options.statusList && new Uint8Array(options.statusList);
  const now = options.now ? new Date(options.now) : new Date();
  const r = await v.verifyCard(digits, { jwks, statusList, now });
  const iso = (d) => d && d.toISOString();
  const claims = r.claims && { ...r.claims, issuedAt: iso(r.claims.issuedAt),
                               expiresAt: iso(r.claims.expiresAt) };
  return { ...r, claims, statusAsOf: iso(r.statusAsOf) };
}"""


@pytest.fixture(autouse=True)
def own_ring(settings, tmp_path):
    settings.QR_KEY_DIR = tmp_path / "qr_keys"
    settings.QR_SIGNING_KEY = ""


@pytest.fixture
def verifier_page(transactional_db, browser, live_server):
    """A page of the portal (under its CSP) and the URL of the built verifier module."""
    context = browser.new_context()
    page = context.new_page()
    # The verify page without a payload: under the portal's CSP, and no script of its own
    # talks to the server while a test changes the database.
    page.goto(live_server.url + "/v/23456789ABCDEFGHJKMNPQRSTU/")
    yield page, live_server.url + static("js/build/verifikasi.js")
    context.close()


@pytest.fixture
def verify(verifier_page):
    """verify(digits, jwks=…, statusList=…, now=…): the verdict the browser reaches; what is
    not given is fetched from the live server, as the verify page does."""
    page, module = verifier_page

    def run(digits: str, **options) -> dict:
        if isinstance(options.get("statusList"), bytes):
            options["statusList"] = list(options["statusList"])
        if isinstance(options.get("now"), dt.datetime):
            options["now"] = options["now"].isoformat()
        return page.evaluate(VERIFY, [module, digits, options])

    return run


def signed_digits(card: Card) -> str:
    return card_payload.qr_fragment(card)


def parts(digits: str) -> list:
    return cbor2.loads(claims.from_fragment(digits)).value


def sign1_digits(protected: bytes, payload: bytes, signature: bytes) -> str:
    tagged = cbor2.CBORTag(cose.COSE_SIGN1_TAG, [protected, {}, payload, signature])
    return claims.to_fragment(cbor2.dumps(tagged))


def claims_of(card: Card, **changes) -> claims.CardClaims:
    digits = signed_digits(card)
    read = claims.verify(claims.from_fragment(digits))
    return claims.CardClaims(**{**read.__dict__, "kid": b"", **changes})


def other_key() -> keys.QrKey:
    return keys._from_private(Ed25519PrivateKey.generate())


def test_a_card_signed_by_the_portal_is_sah_with_every_printed_fact(verify, card, employee):
    digits = signed_digits(card)
    card.refresh_from_db()

    result = verify(digits)

    assert result["verdict"] == "SAH" and result["reason"] == "ok"
    signed = result["claims"]
    assert signed["fullName"] == employee.full_name == "Andi Pratama Wijaya, S.E."
    assert (signed["cardNumber"], signed["nip"]) == (card.number, employee.nip)
    assert (signed["asnType"], signed["agency"]) == ("PNS", "Badan Kepegawaian Negara")
    assert signed["statusIndex"] == card.status_index
    assert signed["kid"] == keys.signing_key().kid_text
    expires = dt.datetime.fromisoformat(signed["expiresAt"])
    assert expires == card.qr_expires_at.replace(microsecond=0)  # whole seconds in the CWT
    as_of = dt.datetime.fromisoformat(result["statusAsOf"])
    assert abs(as_of - timezone.now()) < dt.timedelta(minutes=5)


def test_a_nip_with_a_leading_zero_keeps_its_18_digits(verify, card):
    digits = claims.to_fragment(claims.sign(claims_of(card, nip="098609262015051001")))

    assert verify(digits)["claims"]["nip"] == "098609262015051001"


def test_without_a_status_list_a_good_signature_is_sah_with_no_status_time(verify, card):
    result = verify(signed_digits(card), statusList=None)

    assert (result["verdict"], result["statusAsOf"], result["reason"]) == ("SAH", None, "no-status")


def test_another_name_under_the_same_signature_is_tidak_sah(verify, card):
    protected, _, payload, signature = parts(signed_digits(card))
    cwt = cbor2.loads(payload)
    cwt[claims.CARD_CLAIM][2] = "Budi Santoso, S.H."
    forged = sign1_digits(protected, cbor2.dumps(cwt), signature)

    result = verify(forged)

    assert (result["verdict"], result["reason"], result["claims"]) == (
        "TIDAK_SAH", "bad-signature", None,
    )  # fmt: skip


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_one_changed_digit_is_tidak_sah(verify, card, where):
    digits = signed_digits(card)
    at = int(len(digits) * where)
    flipped = digits[:at] + str((int(digits[at]) + 1) % 10) + digits[at + 1 :]

    result = verify(flipped)

    assert result["verdict"] == "TIDAK_SAH" and result["claims"] is None


@pytest.mark.parametrize("text", ["", "0123", "12a4", "9" * 4001, "1" * 60])
def test_text_that_is_not_a_signed_payload_is_tidak_sah(verify, card, text):
    assert verify(text)["verdict"] == "TIDAK_SAH"


def test_a_payload_signed_by_another_key_under_our_key_id_is_tidak_sah(verify, card):
    protected, _, payload, _ = parts(signed_digits(card))
    impostor = Ed25519PrivateKey.generate()
    forged = claims.to_fragment(cose.sign1(payload, impostor, keys.signing_key().kid))

    result = verify(forged)

    assert (result["verdict"], result["reason"]) == ("TIDAK_SAH", "bad-signature")


def test_a_key_the_jwks_does_not_publish_is_tidak_sah(verify, card):
    forged = claims.to_fragment(claims.sign(claims_of(card), other_key()))

    result = verify(forged)

    assert (result["verdict"], result["reason"]) == ("TIDAK_SAH", "unknown-key")


def test_with_no_key_loaded_a_signature_cannot_be_checked(verify, card):
    digits = signed_digits(card)

    for jwks in (None, {"keys": []}, {"keys": [{"kty": "EC", "kid": "x"}]}):
        result = verify(digits, jwks=jwks)
        assert (result["verdict"], result["reason"]) == ("TIDAK_DAPAT_DIPERIKSA", "no-keys")
    assert verify("12a4", jwks=None)["verdict"] == "TIDAK_SAH"  # junk stays junk


def test_another_algorithm_is_tidak_sah_even_with_a_valid_ed25519_signature(verify, card):
    key = keys.signing_key()
    _, _, payload, _ = parts(signed_digits(card))
    protected = cbor2.dumps({cose.ALG: -7, cose.KID: key.kid})  # says ES256
    signature = key.private.sign(cbor2.dumps(["Signature1", protected, b"", payload]))

    result = verify(sign1_digits(protected, payload, signature))

    assert (result["verdict"], result["reason"]) == ("TIDAK_SAH", "algorithm")


def test_a_newer_payload_layout_signed_by_us_cannot_be_checked(verify, card):
    key = keys.signing_key()
    body = cbor2.dumps({6: 1, 4: 2**32, claims.CARD_CLAIM: [2, "KASN-X", "Andi", 1, "PNS", "", 1]})

    result = verify(claims.to_fragment(cose.sign1(body, key.private, key.kid)))

    assert (result["verdict"], result["reason"]) == ("TIDAK_DAPAT_DIPERIKSA", "unreadable-payload")


def test_a_card_past_its_signed_expiry_is_kedaluwarsa(verify, card):
    signed_at = timezone.now() - dt.timedelta(days=400)
    expired = claims_of(card, issued_at=signed_at, expires_at=signed_at + claims.LIFETIME)
    digits = claims.to_fragment(claims.sign(expired))

    result = verify(digits)

    assert (result["verdict"], result["reason"]) == ("KEDALUWARSA", "expired")
    assert result["claims"]["cardNumber"] == card.number and result["statusAsOf"]


def test_a_revoked_card_is_dicabut_with_the_time_of_the_status_list(verify, card, hr_officer):
    digits = signed_digits(card)
    assert verify(digits)["verdict"] == "SAH"

    services.revoke_card(Card.objects.get(pk=card.pk), "Kartu hilang", hr_officer)
    cache.clear()  # the published copy is at most a minute old; this test does not wait
    result = verify(digits)

    assert (result["verdict"], result["reason"]) == ("DICABUT", "revoked")
    assert result["claims"]["cardNumber"] == card.number
    assert dt.datetime.fromisoformat(result["statusAsOf"]) <= timezone.now()


def test_the_old_printout_of_a_reissued_card_is_diganti_and_the_new_one_sah(
    verify, card, hr_officer
):
    old_digits = signed_digits(card)
    new_card = services.reissue_card(Card.objects.get(pk=card.pk), hr_officer)
    new_digits = signed_digits(new_card)

    old, new = verify(old_digits), verify(new_digits)

    assert (old["verdict"], old["reason"]) == ("DIGANTI", "replaced")
    assert old["statusAsOf"] is not None
    assert new["verdict"] == "SAH" and new["claims"]["cardNumber"] == new_card.number
    assert new["claims"]["statusIndex"] != old["claims"]["statusIndex"]


def test_a_card_signed_before_a_key_rotation_stays_sah(verify, card, employee):
    old_digits = signed_digits(card)
    old_kid = keys.signing_key().kid_text
    call_command("qr_keys", "rotate", stdout=open("/dev/null", "w"))
    new_kid = keys.signing_key().kid_text
    Card.objects.filter(pk=card.pk).update(qr_payload="")  # signed anew with the new key
    new_digits = signed_digits(Card.objects.get(pk=card.pk))

    old, new = verify(old_digits), verify(new_digits)

    assert new_kid != old_kid
    assert (old["verdict"], old["claims"]["kid"]) == ("SAH", old_kid)
    assert (new["verdict"], new["claims"]["kid"]) == ("SAH", new_kid)
    assert old["statusAsOf"] is not None  # the list, signed by the new key, is still used


def test_a_status_list_not_signed_by_our_key_is_not_believed(verify, card):
    digits = signed_digits(card)
    card.refresh_from_db()
    payload = cbor2.dumps({
        status_list.ISSUED_AT: int(timezone.now().timestamp()),
        status_list.EXPIRES: int((timezone.now() + dt.timedelta(days=1)).timestamp()),
        status_list.STATUS_LIST: {
            "bits": 2, "lst": status_list.compress(1 << 16, [(card.status_index, 1)])
        },
    })  # fmt: skip
    kid = keys.signing_key().kid
    forged = cose.sign1(payload, Ed25519PrivateKey.generate(), kid, {16: status_list.CONTENT_TYPE})
    genuine = cose.sign1(payload, keys.signing_key().private, kid, {16: status_list.CONTENT_TYPE})

    believed = verify(digits, statusList=genuine)
    ignored = verify(digits, statusList=forged)

    assert believed["verdict"] == "DICABUT"
    assert (ignored["verdict"], ignored["statusAsOf"]) == ("SAH", None)


def test_a_status_list_past_its_expiry_is_not_used(verify, card):
    digits = signed_digits(card)

    result = verify(digits, now=timezone.now() + dt.timedelta(days=2))

    assert (result["verdict"], result["statusAsOf"]) == ("SAH", None)


READ_URL = """async ([module, url]) => {
  const v = await import(module);
  return [v.fragmentFromUrl(url), v.tokenFromUrl(url)];
}"""


@pytest.mark.parametrize(
    ("url", "fragment", "token"),
    [
        ("https://mysapk.example.go.id/v/23456789ABCDEFGHJKMNPQRSTU/#1234", "1234",
         "23456789ABCDEFGHJKMNPQRSTU"),
        ("https://mysapk.example.go.id/v/23456789ABCDEFGHJKMNPQRSTU/", None,
         "23456789ABCDEFGHJKMNPQRSTU"),
        ("https://mysapk.example.go.id/v/23456789ABCDEFGHJKMNPQRSTU/#", None,
         "23456789ABCDEFGHJKMNPQRSTU"),
        ("https://elsewhere.example/login/#98765", "98765", None),
        ("KASN-2026-7Q4M-9XK2", None, None),
        ("https://mysapk.example.go.id/v/abc/#x", "x", None),
        ("https://mysapk.example.go.id/v/23456789ABCDEFGHJKLMNPQRSTU/#1", "1", None),  # L
    ],
)  # fmt: skip
def test_the_payload_and_the_token_are_read_from_a_scanned_url(verifier_page, url, fragment, token):
    page, module = verifier_page

    assert page.evaluate(READ_URL, [module, url]) == [fragment, token]
