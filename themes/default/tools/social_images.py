"""Draws the default theme's share images: 1200x630 PNG, one per kind of page, without text so
they suit every language. Run from themes/default/ with Pillow installed:
    python3 tools/social_images.py
"""
from PIL import Image, ImageDraw
W, H = 1200, 630
STAGES = ["#2563EB", "#0D9488", "#D97706", "#7C3AED", "#DB2777"]
KINDS = {
    "default": ("#111a2e", "#312e81"),
    "stage": ("#0f172a", "#1e3a8a"),
    "playbook": ("#1e1b4b", "#4338ca"),
    "case_study": ("#052e22", "#0f766e"),
    "webinar": ("#431407", "#c2410c"),
}
def hexrgb(h):
    h = h.lstrip("#"); return tuple(int(h[i:i+2], 16) for i in (0, 2, 4))
def gradient(a, b):
    img = Image.new("RGB", (W, H)); d = ImageDraw.Draw(img)
    a, b = hexrgb(a), hexrgb(b)
    for x in range(W):
        t = x / (W - 1)
        d.line([(x, 0), (x, H)], fill=tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3)))
    return img
def journey(d, y=520):
    # five stage bars along the bottom: the hub's journey
    w = (W - 160 - 4 * 24) // 5
    for i, c in enumerate(STAGES):
        x = 80 + i * (w + 24)
        d.rounded_rectangle([x, y, x + w, y + 22], radius=11, fill=c)
def brand(d):
    d.rounded_rectangle([80, 70, 150, 140], radius=18, fill="#ffffff")
    d.ellipse([97, 87, 133, 123], fill="#4338ca")
for name, (a, b) in KINDS.items():
    img = gradient(a, b); d = ImageDraw.Draw(img)
    brand(d); journey(d)
    white = (255, 255, 255); soft = (255, 255, 255, 90)
    if name == "playbook":
        for i in range(4):
            y = 190 + i * 70
            d.rounded_rectangle([620, y, 680, y + 50], radius=10, outline=white, width=5)
            if i < 2:
                d.line([(632, y + 26), (646, y + 40), (670, y + 12)], fill=white, width=7)
            d.rounded_rectangle([700, y + 15, 1100 - i * 60, y + 35], radius=10, fill=(255, 255, 255))
    elif name == "case_study":
        for i, h in enumerate([90, 150, 220, 300]):
            x = 640 + i * 115
            d.rounded_rectangle([x, 470 - h, x + 80, 470], radius=10, fill=white if i == 3 else (200, 235, 225))
        d.line([(660, 360), (790, 300), (910, 240), (1030, 150)], fill=(253, 224, 71), width=9)
    elif name == "webinar":
        d.rounded_rectangle([620, 170, 1110, 460], radius=28, outline=white, width=8)
        d.polygon([(820, 240), (820, 390), (940, 315)], fill=white)
    elif name == "stage":
        for i, c in enumerate(STAGES):
            x = 200 + i * 200
            if i: d.line([(x - 200 + 45, 300), (x - 45, 300)], fill=white, width=8)
            d.ellipse([x - 45, 255, x + 45, 345], fill=c, outline=white, width=8)
    else:
        for i, c in enumerate(STAGES):
            y = 190 + i * 58
            d.rounded_rectangle([620, y, 620 + 120 + i * 90, y + 38], radius=19, fill=c)
    img.save(f"static/assets/social/{name}.png", optimize=True)
