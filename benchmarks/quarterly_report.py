#!/usr/bin/env python
"""Benchmark (not a test): the quarterly ESF report for one partnership with
900 participants, 20 000 interactions and 5 000 scale scores.

    .venv/bin/python benchmarks/quarterly_report.py [--db /tmp/bench.sqlite3] [--keep]

Builds the data with bulk_create in a scratch database (SQLite file by default,
or DATABASE_URL when --use-env-db is given: never point it at real data), then renders
the report of the last full quarter in a fresh child process (so its peak
memory is the report's, not the generator's) and prints the figures. Target:
<= 10 s and < 500 MB peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARTICIPANTS = 900
INTERACTIONS = 20_000
SCALE_SCORES = 5_000


def setup_django(db_path: str | None):
    if db_path:
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()


def generate(seed: int = 512) -> int:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from cases.models import (
        Action, Case, EmploymentPeriod, FailureDemand, Interaction, Outcome, Participant, ScaleScore,
    )
    from partnerships.demo import build_foundation
    from reporting import demo as reporting_demo

    rng = random.Random(seed)
    with transaction.atomic():
        world = build_foundation()
        partnership = world.turnhout
        if Case.objects.filter(partnership=partnership).count() >= PARTICIPANTS:
            return partnership.pk  # already generated
        coaches = [u for name, u in world.users.items() if name.startswith("coach") and "mechelen" not in name]
        start, end = max(partnership.start_date, date(2024, 7, 1)), date(2026, 9, 30)
        span = (end - start).days

        participants = Participant.objects.bulk_create(
            [Participant(partnership=partnership, first_name=f"Deelnemer{i}") for i in range(PARTICIPANTS)],
            batch_size=500,
        )
        cases = []
        for i, _p in enumerate(participants):
            opened = start + timedelta(days=rng.randrange(span - 30))
            closed = opened + timedelta(days=rng.randrange(60, 500)) if rng.random() < 0.35 else None
            if closed and closed > end:
                closed = None
            cases.append(Case(partnership=partnership, start_date=opened, close_date=closed,
                              status="closed" if closed else "active", lead_coach=rng.choice(coaches)))
        cases = Case.objects.bulk_create(cases, batch_size=500)
        Case.participants.through.objects.bulk_create(
            [Case.participants.through(case_id=c.pk, participant_id=p.pk) for c, p in zip(cases, participants)],
            batch_size=1000,
        )
        tz = timezone.get_current_timezone()

        def moment(case):
            last = case.close_date or end
            day = case.start_date + timedelta(days=rng.randrange(max((last - case.start_date).days, 1)))
            return timezone.make_aware(datetime(day.year, day.month, day.day, rng.randrange(8, 18)), tz)

        channels = ["visit", "phone", "whatsapp", "office", "outreach"]
        Interaction.objects.bulk_create(
            [Interaction(case=c, occurred_at=moment(c), coach=c.lead_coach, channel=rng.choice(channels),
                         duration_minutes=rng.choice([15, 30, 45, 60, 90]))
             for c in (rng.choice(cases) for _ in range(INTERACTIONS))],
            batch_size=1000,
        )
        ScaleScore.objects.bulk_create(
            [ScaleScore(case=c, score=rng.randint(1, 10), interpretation="benchmark", measured_at=moment(c).date())
             for c in (rng.choice(cases) for _ in range(SCALE_SCORES))],
            batch_size=1000,
        )
        Action.objects.bulk_create(
            [Action(case=c, done_on=moment(c).date(), description="actie", is_waste=rng.random() < 0.1)
             for c in (rng.choice(cases) for _ in range(3000))],
            batch_size=1000,
        )
        kinds = ["work", "training", "regular_trajectory", "art60", "volunteering", "wellbeing", "housing"]
        Outcome.objects.bulk_create(
            [Outcome(case=c, kind=rng.choice(kinds), achieved_on=moment(c).date()) for c in rng.sample(cases, 300)]
        )
        EmploymentPeriod.objects.bulk_create(
            [EmploymentPeriod(case=c, start_date=c.start_date + timedelta(days=30),
                              end_date=c.start_date + timedelta(days=30 + rng.randrange(60, 200)),
                              dimona_verified=True) for c in rng.sample(cases, 200)]
        )
        FailureDemand.objects.bulk_create(
            [FailureDemand(case=c, occurred_on=moment(c).date(), description="faalvraag",
                           cause=rng.choice(["misunderstood", "mismatch"])) for c in rng.sample(cases, 400)]
        )
        reporting_demo.build(world)  # the budget (worked example)
    return partnership.pk


def render(partnership_id: int) -> dict:
    from partnerships.models import Partnership
    from reporting import figures
    from reporting.periods import Quarter
    from reporting.report import render_quarterly_report

    partnership = Partnership.objects.get(pk=partnership_id)
    quarter = Quarter(2026, 3)
    t0 = time.perf_counter()
    figures.quarterly_figures(partnership, quarter)
    t1 = time.perf_counter()
    pdf = render_quarterly_report(partnership, quarter)
    t2 = time.perf_counter()
    from pypdf import PdfReader
    import io

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {"figures_s": round(t1 - t0, 2), "figures_and_pdf_s": round(t2 - t1, 2), "pages": pages,
            "bytes": len(pdf), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/reporting-benchmark.sqlite3", help="scratch SQLite file")
    parser.add_argument("--use-env-db", action="store_true", help="use DATABASE_URL (a scratch database!)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch SQLite file")
    parser.add_argument("--render", type=int, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    db = None if args.use_env_db else args.db
    if args.render:
        setup_django(db)
        import logging

        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        print(json.dumps(render(args.render)))
        return
    if db and not args.keep and Path(db).exists():
        Path(db).unlink()
    setup_django(db)
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    t0 = time.perf_counter()
    partnership_id = generate()
    print(f"data: {PARTICIPANTS} participants, {INTERACTIONS} interactions, {SCALE_SCORES} scale scores "
          f"(generated in {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    child = subprocess.run([sys.executable, __file__, "--render", str(partnership_id), "--db", args.db]
                           + (["--use-env-db"] if args.use_env_db else []),
                           capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if child.returncode:
        print(child.stderr, file=sys.stderr)
        sys.exit(child.returncode)
    result = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"quarterly report Q3 2026: figures {result['figures_s']} s; figures + PDF {result['figures_and_pdf_s']} s "
          f"({result['pages']} pages, {result['bytes'] // 1024} KiB); child process incl. start-up {wall:.1f} s; "
          f"peak memory {result['peak_rss_mb']} MB (targets: <= 10 s, < 500 MB)")
    if db and not args.keep:
        Path(db).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
