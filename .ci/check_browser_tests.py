"""Fail unless every JUnit report given ran browser tests (tests/e2e) and skipped none."""

import sys
import xml.etree.ElementTree as ET

failed = False
for path in sys.argv[1:]:
    cases = [c for c in ET.parse(path).iter("testcase") if "tests.e2e" in c.get("classname", "")]
    skipped = [c.get("name") for c in cases if c.find("skipped") is not None]
    print(f"{path}: {len(cases)} browser tests, {len(skipped)} skipped")
    if not cases or skipped:
        failed = True
        for name in skipped:
            print(f"  skipped: {name}")
sys.exit(1 if failed else 0)
