"""Circularity analytics and the three-layer map."""

from .circularity import Circularity, circularity
from .concentration import commitment_coverage, concentration, hhi_lower_bound
from .cycles import CycleTable, money_cycles, simple_cycles_array
from .degrees import Structure, structure
from .finn import FinnResult, finn_cycling_index
from .graph import FlowMatrices, flow_matrices, goods_graph, money_graph
from .mapplot import map_graph, render_map
from .mix import FinancingMix, financing_mix
from .roundtrip import RoundTrip, round_trip, round_trip_share

__all__ = [
    "Circularity", "CycleTable", "FinancingMix", "FinnResult", "FlowMatrices", "RoundTrip",
    "Structure",
    "circularity", "commitment_coverage", "concentration", "financing_mix", "finn_cycling_index",
    "flow_matrices", "goods_graph", "hhi_lower_bound", "map_graph", "money_cycles", "money_graph",
    "render_map", "round_trip", "round_trip_share", "simple_cycles_array", "structure",
]
