"""The sample sales organisation: a seeded, streaming simulator with plantable broken links.

from pipeline_doctor.simulate import SimulationConfig, Plant, simulate_into
truth = simulate_into(store, SimulationConfig(deals=5000, seed=7,
                                              plants=(Plant("no_next_step", "R003"),)))
truth.reps_with("no_next_step")  # -> frozenset({"R003"})
"""

from pipeline_doctor.simulate.config import SimulationConfig
from pipeline_doctor.simulate.engine import simulate_into
from pipeline_doctor.simulate.plants import (
    DEFAULT_PLANTS,
    PLANT_KINDS,
    GroundTruth,
    Plant,
    PlantedDefect,
    parse_plant,
)

__all__ = [
    "DEFAULT_PLANTS",
    "PLANT_KINDS",
    "GroundTruth",
    "Plant",
    "PlantedDefect",
    "SimulationConfig",
    "parse_plant",
    "simulate_into",
]
