"""An administrative document (văn bản hành chính) in the layout of Nghị định 30/2020/NĐ-CP, described once
and rendered to .docx and to PDF. No Flask, no database.

A document is plain data (kiosk.documents.model): the header (the issuing
body, the national name and motto, the number, the place and date), the
document's name and subject, blocks of body (paragraphs, dotted lines to
write on, tables) and the signature blocks. Whoever writes a document (the
minutes, kiosk.minutes; the reports as Word files, kiosk.reports) only builds
that description; kiosk.documents.word (.docx, python-docx) and
kiosk.documents.pdf (reportlab) set it, each the same way every time:
``render(document, "docx")``. How names, numbers and dates are written in such a
header is in kiosk.documents.naming.

What the layout holds to (Phụ lục I of the decree, in short): A4 (portrait,
or landscape for a wide table); margins 20 mm top and bottom, 30 mm left,
15 mm right; Times New Roman, black (the .docx names it for every script, so
Word never falls back to another face; the PDF embeds a serif font with every
Vietnamese glyph, kiosk.documents.fonts); at the top a borderless two-column
table, the issuing body in bold capitals with a short line under it on the
left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12.5 pt bold) over "Độc lập - Tự do
- Hạnh phúc" (13.5 pt bold, a line under it as long as it) on the right, then
the number on the left and the place and date in italics on the right; the
document's name centred in bold capitals, its subject under it in bold with a
short line under that; the body 14 pt, justified, first lines indented 10 mm,
6 pt between paragraphs; the signature blocks side by side, the role in bold
capitals, room to sign, the name in bold; pages numbered from the second, at
the top in the middle.
"""

from kiosk.documents.model import (
    MOTTO,
    NATION,
    Block,
    Document,
    DottedLines,
    Grid,
    Header,
    Para,
    Signature,
    Span,
)

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(document: Document, fmt: str) -> bytes:
    """The document as a file in ``fmt`` ("docx" or "pdf").

    Each renderer is imported here, when a document is asked for: python-docx and reportlab take a quarter of a
    second to import, which every start of the server and of each command would pay otherwise.
    """
    if fmt == "docx":
        from kiosk.documents.word import render_docx

        return render_docx(document)
    if fmt == "pdf":
        from kiosk.documents.pdf import render_pdf

        return render_pdf(document)
    raise KeyError(fmt)


__all__ = ["FORMATS", "MOTTO", "NATION", "Block", "Document", "DottedLines", "Grid", "Header", "Para", "Signature",
           "Span", "render"]
