"""`pipeline-doctor demo`: build a sample sales organisation into the store and describe it."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline_doctor.cli.options import DEMO_DB, DemoDbOption
from pipeline_doctor.errors import PipelineDoctorError

if TYPE_CHECKING:
    from pipeline_doctor.cli.progress import ProgressCallback
    from pipeline_doctor.simulate import GroundTruth, SimulationConfig
    from pipeline_doctor.store import Store

DEFAULT_DEMO_DEALS = 5_000


def demo(
    db: DemoDbOption = DEMO_DB,
    deals: Annotated[int, typer.Option(help="How many deals the sample org has.", min=10)] = (
        DEFAULT_DEMO_DEALS
    ),
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same org.")] = 42,
    plant: Annotated[
        list[str] | None,
        typer.Option(
            help="Plant a broken link, KIND or KIND:TARGET (repeatable), e.g. "
            "no_next_step:R003, poor_fit_segment:industry=Retail, zombie_deals:40. "
            "Without --plant a realistic default set is planted.",
        ),
    ] = None,
    healthy: Annotated[bool, typer.Option(help="Plant nothing: a healthy org.")] = False,
    replace: Annotated[
        bool, typer.Option(help="Replace the store even if it holds imported data.")
    ] = False,
    report: Annotated[
        Path, typer.Option("--report", "-o", help="Where to write the HTML report.")
    ] = Path("report.html"),
    diagnose: Annotated[
        bool, typer.Option(help="Diagnose the sample org and write the report afterwards.")
    ] = True,
    truth: Annotated[
        Path | None, typer.Option(help="Write what was planted (ground truth) to this JSON file.")
    ] = None,
) -> None:
    """Build a sample sales organisation with planted broken links and describe it, in a
    store of its own (demo.duckdb): simulated data never mixes with imported data.

    Example:  pipeline-doctor demo --deals 20000 --plant no_next_step:R003 --plant zombie_deals:40
    """
    from pipeline_doctor.cli.files import check_output_file, write_text_whole
    from pipeline_doctor.cli.progress import deal_progress
    from pipeline_doctor.cli.report_cmd import write_report
    from pipeline_doctor.conversations import refresh_analyses
    from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, parse_plant
    from pipeline_doctor.store import new_version
    from pipeline_doctor.store.location import redact
    from pipeline_doctor.store.overview import overview
    from pipeline_doctor.views.diagnosis_text import render_diagnosis
    from pipeline_doctor.views.overview_text import render_overview
    from pipeline_doctor.views.plants_text import render_plants
    from pipeline_doctor.views.terminal import SafeConsole

    if healthy and plant:
        raise PipelineDoctorError("Use either --healthy or --plant, not both.")
    try:
        plants = (
            () if healthy else tuple(parse_plant(p) for p in plant) if plant else DEFAULT_PLANTS
        )
    except ValueError as exc:
        raise PipelineDoctorError(str(exc)) from None
    if diagnose:
        check_output_file(report, "report")
    if truth is not None:
        check_output_file(truth, "ground truth file")
    config = SimulationConfig(deals=deals, seed=seed, plants=plants)
    console = SafeConsole()

    def make_room(current: Store) -> None:
        _refuse_imported(current, replace)

    # everything happens in the new version; it replaces the store as the last step
    with new_version(db, copy=False, check=make_room) as store:
        started = time.perf_counter()
        with deal_progress(console, "Simulating the sample organisation") as progress:
            ground_truth = _simulate(store, config, progress)
        with deal_progress(console, "Reading emails and call transcripts") as progress:
            refresh_analyses(store, progress)
        elapsed = time.perf_counter() - started
        summary = overview(store)
        total_rows = sum(summary.rows.values())
        console.print(
            f"Built {deals:,} deals and {total_rows:,} rows in {elapsed:.1f} s "
            f"({deals / elapsed:,.0f} deals/s, {total_rows / elapsed:,.0f} rows/s)."
        )
        render_overview(summary, console)
        reps = store.table("reps").select("id", "name").to_pyarrow().to_pylist()
        render_plants(ground_truth, console, {r["id"]: r["name"] for r in reps if r["name"]})
        if truth is not None:
            text = json.dumps(ground_truth.to_dict(), indent=2)
            write_text_whole(truth, text, "ground truth file")
            console.print(f"Ground truth written to {truth}")
        if diagnose:
            render_diagnosis(write_report(store, report, console), console, top=5)
    shown = redact(db)
    console.print(
        f"The sample organisation is in {shown} (`pipeline-doctor diagnose --db {shown}`); "
        "your own CRM data goes into a store of its own with `pipeline-doctor import`."
    )


def _refuse_imported(store: Store, replace: bool) -> None:
    """Refuse to replace imported CRM data with the sample organisation unless told to."""
    if replace or (store.count("deals") == 0 and store.count("reps") == 0):
        return
    if store.import_sources() - {"simulator"}:
        raise PipelineDoctorError(
            f"The store {store.label} holds imported CRM data; the demo would replace it.",
            "Give the demo another file (--db sample.duckdb) or pass --replace.",
        )


def _simulate(store: Store, config: SimulationConfig, progress: ProgressCallback) -> GroundTruth:
    """Simulate into the store and record the run in the imports table."""
    import pyarrow as pa

    from pipeline_doctor.model.schema import DATA_TABLES
    from pipeline_doctor.simulate import simulate_into

    started = datetime.now(UTC).replace(tzinfo=None)
    import_id = f"simulator-{started:%Y%m%dT%H%M%S}-seed{config.seed}"
    ground_truth = simulate_into(store, config, progress=progress, import_id=import_id)
    loaded = sum(store.count(t.name) for t in DATA_TABLES)
    record = {
        "id": import_id,
        "source": "simulator",
        "started_at": started,
        "finished_at": datetime.now(UTC).replace(tzinfo=None),
        "location": f"seed={config.seed} deals={config.deals}",
        "rows_read": loaded,
        "rows_loaded": loaded,
        "rows_rejected": 0,
    }
    store.write("imports", pa.Table.from_pylist([record]))
    return ground_truth


def register(app: typer.Typer) -> None:
    app.command()(demo)
