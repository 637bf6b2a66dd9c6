"""Genuine small files for upload tests, made on the spot (no fixtures on disk)."""

import io

from PIL import Image as PILImage
from reportlab.pdfgen import canvas


def image_bytes(fmt="PNG", colour=(200, 120, 40)):
    """A real, tiny image (Pillow) in ``fmt``: "PNG", "JPEG" or "WEBP"."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 6), colour).save(buffer, fmt)
    return buffer.getvalue()


def pdf_bytes(text="資料"):
    """A genuine one-page PDF, as a scanner or a word processor would make one."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, text)
    sheet.save()
    return buffer.getvalue()
