#!/usr/bin/python3
"""row-check.py [--slack PT] BOOK.xlsx…: opens each workbook in LibreOffice (headless, through UNO, with
TH Sarabun New drawn as Laksaman by scripts/fonts.conf), and for every used, visible row of every sheet
compares LibreOffice's optimal height (OptimalHeight) with the height the workbook sets.

Prints one tab-separated line per row whose optimal height exceeds the written one by more than the
slack (default 0.5 pt: LibreOffice rounds heights to its own units), 'book sheet row written optimal',
then the summary line 'rows N taller K over409 M max-excess E loose L' (L: rows written a whole line
taller than LibreOffice needs; set LOOSE=1 to list them too). Exit 0 whatever it finds; 2 when
LibreOffice does not start. Needs Debian's python3 with python3-uno."""
import os, sys, time, subprocess, tempfile, shutil, uno
from com.sun.star.beans import PropertyValue

TWIPS = 35.28  # 1/100 mm per point

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

args = sys.argv[1:]
slack = 0.5
if args[:1] == ["--slack"]:
    slack = float(args[1]); args = args[2:]
pipe = f"rowcheck{os.getpid()}"
profile = tempfile.mkdtemp(prefix="rowcheck-")
env = dict(os.environ, FONTCONFIG_FILE=os.path.join(os.path.dirname(os.path.realpath(__file__)), "fonts.conf"))
office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
                           "--norestore", f"--accept=pipe,name={pipe};urp;"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(240):
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"); break
    except Exception:
        time.sleep(0.5)
else:
    print("LibreOffice did not start", file=sys.stderr); sys.exit(2)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
rows = taller = over = loose = 0
worst = 0.0
try:
    for path in args:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                           (prop("Hidden", True),))
        sheets = doc.Sheets
        for i in range(sheets.Count):
            sheet = sheets.getByIndex(i)
            cursor = sheet.createCursor(); cursor.gotoEndOfUsedArea(False)
            for r in range(cursor.RangeAddress.EndRow + 1):
                row = sheet.Rows.getByIndex(r)
                if row.IsVisible is False: continue
                written = row.Height / TWIPS
                row.OptimalHeight = True
                optimal = row.Height / TWIPS
                rows += 1
                if written > 409.05: over += 1
                worst = max(worst, optimal - written)
                if written > optimal + 20:  # a whole Thai line more than needed
                    loose += 1
                    if os.environ.get("LOOSE"):
                        print(f"loose\t{os.path.basename(path)}\t{sheet.Name}\t{r + 1}\t{written:.2f}\t{optimal:.2f}")
                if optimal > written + slack:
                    taller += 1
                    print(f"{os.path.basename(path)}\t{sheet.Name}\t{r + 1}\t{written:.2f}\t{optimal:.2f}")
        doc.close(True)
finally:
    try: desktop.terminate()
    except Exception: pass
    office.wait(timeout=60)
    shutil.rmtree(profile, ignore_errors=True)
print(f"rows {rows} taller {taller} over409 {over} max-excess {worst:.2f} loose {loose}")
