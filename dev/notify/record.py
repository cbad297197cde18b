#!/usr/bin/env python3
"""Run by dunst (dev/notify/daemon.sh) for each notification it shows: appends what it
received as one JSON line to $MEDIMAIL_NOTIFY_RECORD, with the time it got it."""
import json
import os
import time

line = {
    "at": time.time(),
    "id": int(os.environ.get("DUNST_ID", "0") or 0),
    "app": os.environ.get("DUNST_APP_NAME", ""),
    "summary": os.environ.get("DUNST_SUMMARY", ""),
    "body": os.environ.get("DUNST_BODY", ""),
    "category": os.environ.get("DUNST_CATEGORY", ""),
}
with open(os.environ["MEDIMAIL_NOTIFY_RECORD"], "a", encoding="utf-8") as out:
    out.write(json.dumps(line, ensure_ascii=False) + "\n")
