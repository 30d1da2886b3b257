#!/usr/bin/env python3
"""What an official would otherwise do: read the province's list with
pandas (openpyxl) and write it into SQLite with DataFrame.to_sql.

Usage: pandas_import.py LIST.xlsx OUT.db
"""
import sqlite3
import sys

import pandas as pd


def main(path, db):
    # Row 3 is the header's first row (title, units line above it); the
    # merged second header row and the section rows come along as data,
    # as they would for anyone reading the sheet this way.
    df = pd.read_excel(path, sheet_name=0, header=2, engine="openpyxl", dtype=str)
    with sqlite3.connect(db) as conn:
        df.to_sql("plan_entries", conn, if_exists="replace", index=False, chunksize=5000)
    print(len(df))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
