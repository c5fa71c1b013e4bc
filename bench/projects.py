"""Writes bulk import bodies of generated projects (about 800 bytes of data each), 1,000 per file.

    python3 bench/projects.py FIRST COUNT DIR
One project in 40 mentions "northwind" (the search scenario); categories cycle, so a category matches 25 %.
"""
import json
import os
import sys

first, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
categories = ["web", "mobile", "ai", "design"]
words = "ledger harbour signal orchard lattice meadow compass lantern quarry summit beacon thicket".split()
os.makedirs(out, exist_ok=True)
for start in range(first, first + count, 1000):
    items = []
    for i in range(start, min(start + 1000, first + count)):
        text = " ".join(words[(i * 7 + k) % len(words)] for k in range(60))
        if i % 40 == 0:
            text = "Northwind " + text
        items.append({"data": {
            "title": f"Project {i} {words[i % len(words)]}",
            "description": f"Project {i}: {text}.",
            "category": categories[i % 4],
            "status": "live",
            "technologies": ["java", "postgresql", words[i % len(words)]],
            "featured": i % 10 == 0,
            "impact_metrics": {"users": i % 5000, "uptime": 99.9},
        }})
    with open(os.path.join(out, f"batch-{start:07d}.json"), "w") as f:
        json.dump({"publish": True, "items": items}, f)
