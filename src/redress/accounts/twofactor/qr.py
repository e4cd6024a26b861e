"""The QR code an authenticator app scans, as inline SVG: no image request, no script."""

from __future__ import annotations

import io


def qr_svg(text: str) -> str:
    import segno  # lazy: only the page that sets up an authenticator draws a QR code

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, nl=False)
    return out.getvalue().decode("utf-8")
