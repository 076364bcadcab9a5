"""Card rendering: the cold PDF against a minimal two-page ID-1 PDF, the PNGs, a download miss."""

from bench.table import check, median_ms, row


def bench_rendering(repeat: int):
    import weasyprint

    from cards import rendering
    from cards.raster import pdf_page_png
    from cards.samples import sample_face

    face = sample_face()
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
