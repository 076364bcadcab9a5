"""Card rendering: the cold PDF against a minimal two-page ID-1 PDF, the PNGs, a download miss."""

from bench.table import check, median_ms, row


def signed_sample():
    """The sample card as a download draws it: its QR carries the URL and the signed payload.
    Returns the face and the signed payload."""
    import dataclasses

    from django.utils import timezone

    from cards.samples import sample_face
    from cards.signing import claims, keys

    face = sample_face()
    now = timezone.now()
    payload = claims.CardClaims(
        face.card_number, face.full_name, face.nip, face.asn_type, face.agency, 4_299_999,
        now, claims.expiry(now, None),
    )  # fmt: skip
    signed = claims.sign(payload, keys.signing_key())
    url = f"{face.verify_url}#{claims.to_fragment(signed)}"
    return dataclasses.replace(face, verify_url=url), payload, signed


def bench_rendering(repeat: int):
    import weasyprint

    from cards import rendering
    from cards.raster import pdf_page_png

    face = signed_sample()[0]
    minimal = (
        "<style>@page{size:85.6mm 53.98mm;margin:0}p{font:8pt sans-serif}</style>"
        "<p>Kartu depan</p><p style='break-before:page'>Kartu belakang</p>"
    )
    base = median_ms(lambda: weasyprint.HTML(string=minimal).write_pdf(), repeat)
    for orientation in rendering.ORIENTATIONS:
        pdf = median_ms(lambda o=orientation: rendering.render_pdf(face, o), repeat)
        both = rendering.render_pdf(face, orientation)
        pngs = median_ms(lambda b=both: [pdf_page_png(b, 300, i) for i in (0, 1)], repeat)
        sides = median_ms(lambda o=orientation: rendering.render_sides(face, o), repeat)
        check(
            f"cold render PDF front+back, {orientation}",
            f"{pdf:.1f} ms ({pdf / base:.2f}× minimal)",
            "≤ 2× minimal",
            pdf / base,
            2.0,
            unit="×",
        )
        check(f"both PNGs from that PDF, 300 dpi, {orientation}", f"{pngs:.1f} ms", "≤ 60 ms",
              pngs, 60, unit=" ms")  # fmt: skip
        row(f"cold download miss: 4 side files, one layout, {orientation}", f"{sides:.1f} ms")
    row("minimal two-page ID-1 PDF (baseline)", f"{base:.1f} ms")


def bench_signing(repeat: int):
    """The card's signed QR payload: signing and checking it, its size, and the QR it makes."""
    from accounts.qr_codes import QUIET_ZONE_MODULES, qr_matrix
    from cards.signing import claims, keys

    key = keys.signing_key()
    face, payload, signed = signed_sample()
    times = max(200, repeat * 20)
    sign_ms = median_ms(lambda: claims.sign(payload, key), times)
    check_ms = median_ms(lambda: claims.verify(signed, lambda kid: key.public), times)
    row("sign a card's QR payload (COSE_Sign1, Ed25519)", f"{sign_ms * 1000:.0f} µs")
    row("check that signature (as the server or a verifier does)", f"{check_ms * 1000:.0f} µs")
    modules = len(qr_matrix(face.verify_url)) - 2 * QUIET_ZONE_MODULES
    row(
        "QR code of that card (long name; the URL, then # and the signed payload)",
        f"version {(modules - 17) // 4}, error correction M, {modules} modules; payload "
        f"{len(signed)} bytes as {len(claims.to_fragment(signed))} digits",
    )
