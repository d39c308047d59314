#!/usr/bin/python3
"""Edit .xlsx workbooks the way a clerk does, with a real LibreOffice Calc (Python-UNO).

Usage: /usr/bin/python3 lo-edit.py SOFFICE PROFILE_URL JOBS.json

JOBS.json is a list of {"input": path, "output": path, "edits": [...]}; one headless soffice serves every
job. Each job opens `input`, applies its edits in order, recalculates, and saves `output` as .xlsx.
Edits (rows are 1-based, as a clerk sees them; cells and ranges in A1 notation):
  {"op": "insertRows", "sheet": S, "before": ROW, "count": N}   N empty rows above ROW
  {"op": "deleteRows", "sheet": S, "at": ROW, "count": N}       rows ROW … ROW+N-1 removed
  {"op": "moveRange", "sheet": S, "range": "A34:O62", "to": "A80"}  cut and paste (references follow);
      Calc silently refuses to move a range that cuts through a merged block, as its UI does
  {"op": "renameSheet", "sheet": S, "to": NEW}
  {"op": "type", "sheet": S, "cell": "J40", "text": T}          typed into the cell: Calc's input parser
  {"op": "text", "sheet": S, "cell": "J40", "text": T}          pasted as text (never read as a number)
Prints one line per job; exits 1 with the reason on stderr when anything fails.
"""
import json
import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(soffice, profile, pipe):
    proc = subprocess.Popen(
        [soffice, '-env:UserInstallation=' + profile, '--headless', '--invisible', '--norestore', '--nologo',
         '--nodefault', '--nolockcheck', '--accept=pipe,name=%s;urp;StarOffice.ComponentContext' % pipe],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    deadline = time.time() + 60
    while True:
        try:
            ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe)
            return proc, ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        except Exception:  # NoConnectException until soffice listens
            if proc.poll() is not None:
                raise RuntimeError('soffice exited with code %s before accepting connections' % proc.returncode)
            if time.time() > deadline:
                proc.kill()
                raise RuntimeError('soffice did not accept a connection within 60 s')
            time.sleep(0.1)


def apply_edit(doc, edit):
    op = edit['op']
    sheet = doc.Sheets.getByName(edit['sheet'])
    if op == 'insertRows':
        sheet.Rows.insertByIndex(edit['before'] - 1, edit['count'])
    elif op == 'deleteRows':
        sheet.Rows.removeByIndex(edit['at'] - 1, edit['count'])
    elif op == 'moveRange':
        source = sheet.getCellRangeByName(edit['range']).RangeAddress
        target = sheet.getCellRangeByName(edit['to']).CellAddress
        sheet.moveRange(target, source)
    elif op == 'renameSheet':
        sheet.Name = edit['to']
    elif op == 'type':
        sheet.getCellRangeByName(edit['cell']).Formula = edit['text']
    elif op == 'text':
        sheet.getCellRangeByName(edit['cell']).String = edit['text']
    else:
        raise ValueError('unknown edit %r' % op)


def main():
    soffice, profile, jobs_file = sys.argv[1:4]
    with open(jobs_file, encoding='utf-8') as f:
        jobs = json.load(f)
    pipe = 'nianbao_%d_%d' % (os.getpid(), int(time.time() * 1000))
    proc, desktop = connect(soffice, profile, pipe)

    def stop(_signum, _frame):  # killed by the test's timeout: take soffice along
        proc.kill()
        sys.exit(1)

    signal.signal(signal.SIGTERM, stop)
    try:
        for job in jobs:
            url = uno.systemPathToFileUrl(os.path.abspath(job['input']))
            doc = desktop.loadComponentFromURL(url, '_blank', 0, (prop('Hidden', True),))
            if doc is None:
                raise RuntimeError('LibreOffice could not open %s' % job['input'])
            try:
                for edit in job['edits']:
                    apply_edit(doc, edit)
                doc.calculateAll()
                out = uno.systemPathToFileUrl(os.path.abspath(job['output']))
                doc.storeToURL(out, (prop('FilterName', 'Calc Office Open XML'),))
            finally:
                doc.close(True)
            print('edited %s -> %s (%d edits)' % (job['input'], job['output'], len(job['edits'])))
    finally:
        try:
            desktop.terminate()
        except Exception:  # the bridge drops as soffice exits
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == '__main__':
    try:
        main()
    except Exception as e:  # report, never hang the test run
        sys.stderr.write('lo-edit: %s: %s\n' % (type(e).__name__, e))
        sys.exit(1)
