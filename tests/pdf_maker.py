"""Tiny PDF files for reader tests, written by hand (pypdf cannot write a text layer)."""
from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], title: str = "", scanned: bool = False) -> bytes:
    """A PDF with one Helvetica text line per list item, top to bottom, one list per page.

    `scanned=True` draws grey boxes where the lines would be: pages without a text layer."""
    objects: list[bytes] = []  # object n is objects[n - 1]
    page_ids = []
    font_id = 3
    objects += [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for lines in pages:
        ops = []
        for i, line in enumerate(lines):
            y = 800 - 16 * i
            if scanned:
                ops.append(f"0.6 g 56 {y - 2} {6 * len(line)} 10 re f")
            else:
                ops.append(f"BT /F1 11 Tf 56 {y} Td ({_escape(line)}) Tj ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_id, font_id))
        page_ids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % n for n in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    info_id = None
    if title:
        objects.append(b"<< /Title (%s) >>" % _escape(title).encode("cp1252"))
        info_id = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


COUNCIL_PAGES = [
    ["Westbrook Weekly - Council report",
     "Westbrook council backs new cycle lanes",
     "March 9, 2026",
     "",
     "Westbrook council voted on Monday to build protected cycle lanes on two of the town's",
     "busiest roads, after a consultation in which most residents supported the plan. The first",
     "lane, on Station Road, is due to open in September, and the second, on Queen Street, early",
     "next year. The scheme will cost 1.8 million pounds, most of it from a regional trans-",
     "port grant.",
     "Page 1 of 2"],
    ["Westbrook Weekly - Council report",
     "Councillor Amara Osei, who chairs the transport committee, said the lanes would make the",
     "school run safer. Traders on Queen Street asked for loading bays to be kept, and the",
     "council agreed to review the design with them in April.",
     "Page 2 of 2"],
]
