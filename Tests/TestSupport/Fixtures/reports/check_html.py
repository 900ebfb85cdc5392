"""Opens an HTML report in headless Chromium: takes a screenshot and checks with Pillow that it shows
something (not one flat colour), dumps the rendered DOM, and clicks a column heading in a copy of the page
to see the table sort in a real browser. Prints what it found as JSON.

usage: check_html.py REPORT.html WORKDIR
"""
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser

from PIL import Image

report, workdir = sys.argv[1], sys.argv[2]
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium is None:
    sys.exit("chromium is not installed (scripts/install-tools.sh installs it)")


def run_chromium(*args):
    profile = os.path.join(workdir, "profile")
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}",
               *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        sys.exit(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


screenshot = os.path.join(workdir, "report.png")
run_chromium(f"--screenshot={screenshot}", "--window-size=1280,1600", "--hide-scrollbars",
             "file://" + os.path.abspath(report))
image = Image.open(screenshot).convert("RGB")
colours = image.getcolors(maxcolors=1 << 20) or []
dominant = max(count for count, _ in colours) if colours else 0
total = image.width * image.height


class Collect(HTMLParser):
    """Collects text by element id and the first cells of the findings table."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.rows, self.cell, self.in_body = [], {}, [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append(attrs.get("id"))
        if tag == "tbody":
            self.in_body = True
        if self.in_body and tag == "tr":
            self.rows.append([])
        if self.in_body and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None
        if tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        for element_id in self.stack:
            if element_id:
                self.texts[element_id] = self.texts.get(element_id, "") + data
        if self.cell is not None:
            self.cell += data


def read_dom(html):
    parser = Collect()
    parser.feed(html)
    return parser


dom = run_chromium("--dump-dom", "file://" + os.path.abspath(report))
page = read_dom(dom)
# Click "Principal" (column 2) in a copy of the page, then read the order the browser left the rows in.
with open(report, encoding="utf-8") as f:
    source = f.read()
clicked = os.path.join(workdir, "clicked.html")
with open(clicked, "w", encoding="utf-8") as f:
    f.write(source.replace("</body>", "<script>document.querySelectorAll('#findings-table th')[2].click();</script>"
                                      "</body>"))
sorted_dom = run_chromium("--dump-dom", "file://" + clicked)
sorted_page = read_dom(sorted_dom)
shutil.rmtree(os.path.join(workdir, "profile"), ignore_errors=True)
print(json.dumps({
    "screenshot": {"width": image.width, "height": image.height, "colours": len(colours),
                   "dominantShare": dominant / total},
    "summaryText": page.texts.get("summary-text", ""),
    "errorsText": page.texts.get("errors", ""),
    "chartSeverityText": page.texts.get("chart-severity", ""),
    "rows": [row[:3] for row in page.rows],
    "rowsAfterClick": [row[:3] for row in sorted_page.rows],
    "hasSortIndicator": 'aria-sort="ascending"' in sorted_dom,
}))
