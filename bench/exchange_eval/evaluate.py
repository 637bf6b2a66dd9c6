"""precision@5 of the matcher's suggestions on the judged set, per half.

    .venv/bin/python -m bench.exchange_eval.evaluate             # both halves
    .venv/bin/python -m bench.exchange_eval.evaluate --show N03  # one need's top five, with why

Each need and each offer gets an organisation of its own; every offer is
open. For each need, ``exchange.matching.suggest`` gives five offers; see
README.md for the two figures.
"""

from __future__ import annotations

import argparse

from bench.exchange_eval.world import judged, listing, organisation, test_database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", nargs="*", default=[])
    args = parser.parse_args()
    test_database()
    from exchange.matching import suggest

    needs, offers = judged()
    offer_ids = {}
    for item in offers:
        offer_ids[listing(item, "offer", organisation(item["id"])).pk] = item["id"]
    rows = {"tuning": [], "kept": []}
    for item in needs:
        need = listing(item, "need", organisation(item["id"]))
        found = suggest(need, limit=5)
        top = [offer_ids[s.listing.pk] for s in found]
        fits = set(item["fits"])
        hits = sum(1 for offer in top if offer in fits)
        rows[item["half"]].append((hits / min(5, len(fits)), hits / 5, min(5, len(fits)) / 5))
        if item["id"] in args.show or "all" in args.show:
            print(item["id"], item["title"], "fits", sorted(fits))
            for suggestion, offer in zip(found, top, strict=True):
                mark = "✓" if offer in fits else " "
                print(f"  {mark} {offer} {suggestion.score:.3f} {suggestion.listing.title}")
                print("       ", " / ".join(suggestion.reasons))
    for half, values in rows.items():
        count = len(values)
        precision = sum(v[0] for v in values) / count
        raw = sum(v[1] for v in values) / count
        ceiling = sum(v[2] for v in values) / count
        print(
            f"{half:7} needs {count}: precision@5 {precision:.3f}   "
            f"raw P@5 {raw:.3f} (ceiling {ceiling:.3f})"
        )


if __name__ == "__main__":
    main()
