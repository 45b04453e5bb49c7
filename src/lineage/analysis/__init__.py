"""What a reader asks of the graph: orders, prerequisites, generations (:mod:`.orders`),
reading plans (:mod:`.plan`), times and budgets (:mod:`.timing`, :mod:`.budget`), names
(:mod:`.resolve`, :mod:`.search`) and reading lists (:mod:`.reading_list`)."""

from .orders import *  # noqa: F403  (the graph questions are this package's own API)
from .orders import order_subset  # noqa: F401
