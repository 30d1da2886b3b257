#!/usr/bin/env python3
"""Read an exported scheduling table with openpyxl, a reader independent of
excelize, and print what the Go test checks as one JSON object.

Usage: read_schedule.py FILE.xlsx
"""
import json
import sys

import openpyxl


def main(path):
    formulas = openpyxl.load_workbook(path)  # formulas as written
    values = openpyxl.load_workbook(path, data_only=True)  # cached values
    out = {"sheets": formulas.sheetnames}
    for name in formulas.sheetnames:
        wf, wv = formulas[name], values[name]
        cells = {}
        for row in wf.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                v = wv[c.coordinate].value
                cell = {"value": v if isinstance(v, (int, float, str)) else str(v),
                        "format": c.number_format}
                if isinstance(c.value, str) and c.data_type == "f":
                    cell["formula"] = c.value
                fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
                if isinstance(fill, str):
                    cell["fill"] = fill[-6:]
                cells[c.coordinate] = cell
        out[name] = {
            "cells": cells,
            "max_row": wf.max_row,
            "freeze": wf.freeze_panes,
            "orientation": wf.page_setup.orientation,
            "paper": wf.page_setup.paperSize,
            "fit_width": wf.page_setup.fitToWidth,
            "print_titles": wf.print_title_rows,
            "print_title_cols": wf.print_title_cols,
            "merged": sorted(str(r) for r in wf.merged_cells.ranges),
        }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
