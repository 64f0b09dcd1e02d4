"""Need -> technologies, organizations and experts: ranked, explained, followed to an outcome."""

from greenbridge.match.candidates import CandidateRanker
from greenbridge.match.catalogue import Filters, load_candidates, need_query, text_query
from greenbridge.match.evaluate import evaluate_matching
from greenbridge.match.importing import import_file, read_records, store_record
from greenbridge.match.partners import rank_partners
from greenbridge.match.rank import Candidate, NeedQuery, Ranker, TechnologyRanker
from greenbridge.match.records import MatchRecord
from greenbridge.match.service import MatchAnswer, build_ranker, match_need, shared_ranker

__all__ = [
    "Candidate",
    "CandidateRanker",
    "Filters",
    "MatchAnswer",
    "MatchRecord",
    "NeedQuery",
    "Ranker",
    "TechnologyRanker",
    "build_ranker",
    "evaluate_matching",
    "import_file",
    "load_candidates",
    "match_need",
    "need_query",
    "rank_partners",
    "read_records",
    "shared_ranker",
    "store_record",
    "text_query",
]
